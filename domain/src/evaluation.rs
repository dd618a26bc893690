//! The pilot's evaluation: what a case contributes to the figures (its facts, one line per
//! requested service, which the server keeps beside the case and aggregates in the database),
//! and the rule that keeps the figures aggregates.

use crate::cases::{Case, CaseStatus, Channel};
use crate::forms::Date;

/// Cells counting fewer cases than this are not shown individually: with a village's few
/// visits, a smaller count could point at a person.
pub const SMALL_CELL: u64 = 5;

/// A count as the evaluation may show it: `None` where it lies below `SMALL_CELL` (and is not
/// zero, which says nothing about anybody).
pub fn shown(count: u64) -> Option<u64> {
    (count == 0 || count >= SMALL_CELL).then_some(count)
}

/// What the evaluation and the back office's filters read of a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    /// The requested services, each once, in the order requested.
    pub services: Vec<String>,
    pub status: CaseStatus,
    /// Where the Koffer was set up.
    pub place: String,
    /// The day of the visit (ISO), and the Monday of its week.
    pub day: Date,
    pub week: Date,
    /// Who opened the case at the table, and when.
    pub clerk: String,
    pub opened_ms: u64,
    /// From opening the case at the table to finishing it there ("Erfasst"); `None` for a case
    /// filed at a terminal, on which no clerk spent time.
    pub handling_ms: Option<u64>,
    /// Why the town hall refused it (Abgelehnt).
    pub rejection_reason: Option<String>,
    /// Taken with the Koffer or filed at a terminal: a terminal's cases are no deployment's.
    pub channel: Channel,
}

impl CaseFacts {
    pub fn of(case: &Case) -> Self {
        let mut services: Vec<String> = Vec::with_capacity(case.services.len());
        for requested in &case.services {
            if !services.contains(&requested.service) {
                services.push(requested.service.clone());
            }
        }
        let opened = case.history.first();
        let captured = case
            .history
            .iter()
            .find(|step| step.status == CaseStatus::Captured);
        // A deployment's date is checked when the case is filed; a case without one counts on
        // the day it was opened.
        let day = Date::parse_iso(&case.deployment.date).unwrap_or_else(|| {
            Date::from_unix_days(i64::try_from(case.started_at_ms() / 86_400_000).unwrap_or(0))
        });
        let rejection_reason = case
            .history
            .iter()
            .rev()
            .find(|step| step.status == CaseStatus::Rejected)
            .and_then(|step| step.reason.clone());
        Self {
            services,
            status: case.status(),
            place: case.deployment.place.clone(),
            day,
            week: day.monday(),
            clerk: opened.map(|step| step.by.clone()).unwrap_or_default(),
            opened_ms: case.started_at_ms(),
            handling_ms: opened
                .zip(captured)
                .filter(|_| case.channel == Channel::Koffer)
                .map(|(opened, captured)| captured.at_ms.saturating_sub(opened.at_ms)),
            rejection_reason,
            channel: case.channel,
        }
    }
}

/// What a deployment cost in staff time, in cents: the time on site plus the way there and
/// back, at `rate_cents_per_hour` for the one clerk who carries the Koffer.
pub fn deployment_cost_cents(
    minutes_on_site: u64,
    travel_minutes_one_way: u64,
    rate_cents_per_hour: u64,
) -> u64 {
    let minutes = minutes_on_site + 2 * travel_minutes_one_way;
    (minutes * rate_cents_per_hour).div_ceil(60)
}

/// The first quartile, median and third quartile of values counted in rising order (value, how
/// often): nearest rank, the median between the two middle values of an even count.
pub fn quartiles(counted: &[(u64, u64)]) -> Option<[u64; 3]> {
    let total: u64 = counted.iter().map(|(_, count)| count).sum();
    if total == 0 {
        return None;
    }
    let at = |rank: u64| {
        let mut seen = 0;
        counted
            .iter()
            .find(|(_, count)| {
                seen += count;
                seen >= rank.clamp(1, total)
            })
            .map_or(0, |(value, _)| *value)
    };
    let median = (at(total.div_ceil(2)) + at(total / 2 + 1)) / 2;
    Some([at(total.div_ceil(4)), median, at((3 * total).div_ceil(4))])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::{
        Address, Channel, Citizen, Deployment, Payment, RequestedService, StatusChange,
    };
    use crate::forms::FormValues;

    fn step(status: CaseStatus, at_ms: u64, by: &str) -> StatusChange {
        StatusChange {
            status,
            at_ms,
            by: by.to_owned(),
            reason: (status == CaseStatus::Rejected).then(|| "Unterlagen fehlen".to_owned()),
        }
    }

    fn case(services: &[&str], history: Vec<StatusChange>) -> Case {
        Case {
            id: "c1".into(),
            number: "2026-AB12-0001".into(),
            deployment: Deployment {
                municipality: "145220000000".into(),
                municipality_name: "Meerane".into(),
                place: "Dorfgemeinschaftshaus Dittrich".into(),
                date: "2026-11-19".into(),
            },
            citizen: Citizen {
                id: "p".into(),
                family_name: "Köhler".into(),
                given_names: "Erna".into(),
                birth_date: "02.03.1941".into(),
                address: Address {
                    street: "Lindenweg".into(),
                    house_number: "3".into(),
                    postcode: "08393".into(),
                    place: "Meerane".into(),
                },
            },
            services: services
                .iter()
                .map(|service| RequestedService {
                    service: (*service).to_owned(),
                    values: FormValues::default(),
                })
                .collect(),
            signature: None,
            payment: Payment::Free,
            attachments: Vec::new(),
            history,
            channel: Channel::Koffer,
        }
    }

    #[test]
    fn a_case_counts_once_per_service_in_the_week_of_its_visit() {
        let facts = CaseFacts::of(&case(
            &["anmeldung", "fuehrungszeugnis", "anmeldung"],
            vec![
                step(CaseStatus::Draft, 1_000, "M. Schreiber"),
                step(CaseStatus::Captured, 601_000, "M. Schreiber"),
                step(CaseStatus::Transferred, 700_000, "Server"),
                step(CaseStatus::Rejected, 900_000, "B. Richter"),
            ],
        ));
        assert_eq!(facts.services, ["anmeldung", "fuehrungszeugnis"]);
        assert_eq!(facts.status, CaseStatus::Rejected);
        assert_eq!(facts.day.iso(), "2026-11-19");
        assert_eq!(facts.week.iso(), "2026-11-16");
        assert_eq!(facts.clerk, "M. Schreiber");
        assert_eq!(facts.opened_ms, 1_000);
        assert_eq!(facts.handling_ms, Some(600_000));
        assert_eq!(facts.rejection_reason.as_deref(), Some("Unterlagen fehlen"));
    }

    #[test]
    fn a_draft_has_no_handling_time_yet() {
        let facts = CaseFacts::of(&case(
            &["anmeldung"],
            vec![step(CaseStatus::Draft, 1_000, "M. Schreiber")],
        ));
        assert_eq!(facts.handling_ms, None);
        assert_eq!(facts.rejection_reason, None);
    }

    #[test]
    fn a_case_filed_at_a_terminal_took_no_clerks_time() {
        let mut at_the_terminal = case(
            &["fundsache"],
            vec![
                step(CaseStatus::Draft, 1_000, "Terminal"),
                step(CaseStatus::Captured, 1_000, "Terminal"),
            ],
        );
        at_the_terminal.channel = Channel::Terminal;
        let facts = CaseFacts::of(&at_the_terminal);
        assert_eq!(facts.channel, Channel::Terminal);
        assert_eq!(facts.handling_ms, None);
        assert_eq!(facts.services, ["fundsache"]);
    }

    #[test]
    fn a_deployment_costs_its_time_on_site_and_the_way_there_and_back() {
        // Three hours on site, half an hour each way, at 45 € an hour: 180 €.
        assert_eq!(deployment_cost_cents(180, 30, 4_500), 18_000);
        assert_eq!(deployment_cost_cents(0, 0, 4_500), 0);
        // A part of a cent is charged whole.
        assert_eq!(deployment_cost_cents(1, 0, 100), 2);
    }

    #[test]
    fn small_counts_are_withheld_but_zero_is_not() {
        assert_eq!(shown(0), Some(0));
        assert_eq!(shown(1), None);
        assert_eq!(shown(4), None);
        assert_eq!(shown(5), Some(5));
    }

    #[test]
    fn quartiles_by_nearest_rank_and_the_median_between_the_middle_two() {
        let once = |values: &[u64]| values.iter().map(|v| (*v, 1)).collect::<Vec<_>>();
        assert_eq!(quartiles(&[]), None);
        assert_eq!(quartiles(&[(7, 0)]), None);
        assert_eq!(quartiles(&once(&[7])), Some([7, 7, 7]));
        assert_eq!(quartiles(&once(&[1, 2, 3, 4, 5])), Some([2, 3, 4]));
        assert_eq!(quartiles(&once(&[10, 20, 30, 40])), Some([10, 25, 30]));
        // Counted values rank as the same values listed one by one.
        assert_eq!(
            quartiles(&[(3, 2), (5, 1), (9, 3)]),
            quartiles(&once(&[3, 3, 5, 9, 9, 9]))
        );
        assert_eq!(quartiles(&[(3, 2), (5, 1), (9, 3)]), Some([3, 7, 9]));
    }
}
