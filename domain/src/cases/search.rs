//! Finding a case by what a clerk types: names in any spelling of umlauts, birth date, number.

use super::Case;

/// Folds text for search: lower case, umlauts and ß spelled out, so "Mueller" finds "Müller".
pub fn fold_for_search(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'ä' => folded.push_str("ae"),
            'ö' => folded.push_str("oe"),
            'ü' => folded.push_str("ue"),
            'ß' => folded.push_str("ss"),
            'é' | 'è' | 'ê' => folded.push('e'),
            'á' | 'à' | 'â' => folded.push('a'),
            c => folded.push(c),
        }
    }
    folded
}

/// What a case is found by: names, birth date, case number, all folded.
pub fn search_text(case: &Case) -> String {
    fold_for_search(&format!(
        "{} {} {} {}",
        case.citizen.family_name, case.citizen.given_names, case.citizen.birth_date, case.number
    ))
}

/// Whether every word of the query occurs in the folded search text.
pub fn matches_query(search_text: &str, query: &str) -> bool {
    fold_for_search(query)
        .split_whitespace()
        .all(|word| search_text.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::tests::draft;

    #[test]
    fn search_finds_by_name_spelling_birth_date_and_number() {
        let case = draft();
        let text = search_text(&case);
        for query in [
            "müller",
            "Mueller-Lue",
            "anna müller",
            "03.05.1948",
            "2026-abcd-0001",
            "MÜLLER",
        ] {
            assert!(matches_query(&text, query), "{query}");
        }
        for query in ["meier", "anna 1949"] {
            assert!(!matches_query(&text, query), "{query}");
        }
    }
}
