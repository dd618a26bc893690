//! Demo data for trying the Koffer out: an operator serving Meerane, Schönberg (served by Meerane
//! in their Verwaltungsgemeinschaft) and Treuen, with one clerk each and an admin in Meerane.

use crate::admin::AdminError;
use crate::database::Db;
use crate::{municipalities, users};
use domain::municipality::RegionalKey;
use domain::wire::Role;

/// Shared by every demo account: this is demo data, printed on the console on purpose.
pub const DEMO_PASSWORD: &str = "Koffer-Demo-2026";

// The Verbandsschlüssel of the Verwaltungsgemeinschaft Meerane-Schönberg is 14 5 24 5118; the last
// three digits (the municipality within it) and Treuen's key are unconfirmed: demo use only.
/// (Regionalschlüssel, name, places where the Koffer is set up)
const MUNICIPALITIES: [(&str, &str, &[&str]); 3] = [
    (
        "145245118180",
        "Meerane",
        &["Meerane, Rathaus", "Meerane, Seniorenwohnanlage"],
    ),
    (
        "145245118250",
        "Schönberg",
        &["Schönberg, Gemeindeamt", "Tettau, Dorfgemeinschaftshaus"],
    ),
    ("145235118300", "Treuen", &["Treuen, Rathaus"]),
];
const MEERANE: usize = 0;
const SCHOENBERG: usize = 1;

/// (municipality index, user name, display name, role)
const USERS: [(usize, &str, &str, Role); 5] = [
    (MEERANE, "m.schreiber", "Maria Schreiber", Role::Clerk),
    (MEERANE, "m.admin", "Mirko Albrecht", Role::Admin),
    (MEERANE, "b.richter", "Birgit Richter", Role::BackOffice),
    (SCHOENBERG, "s.vogel", "Sabine Vogel", Role::Clerk),
    (2, "t.lehmann", "Tobias Lehmann", Role::Clerk),
];

/// One demo account, for printing.
pub struct DemoAccount {
    pub username: &'static str,
    pub display_name: &'static str,
    pub role: Role,
    pub municipality: &'static str,
}

/// Creates whatever of the demo data is missing (running it twice changes nothing) and returns
/// the accounts.
pub async fn seed(db: &Db) -> Result<Vec<DemoAccount>, AdminError> {
    let mut keys = Vec::new();
    for (key, name, places) in MUNICIPALITIES {
        let key =
            RegionalKey::parse(key).map_err(|error| AdminError::Invalid(error.to_string()))?;
        if municipalities::find(db, &key.to_string()).await?.is_none() {
            let places: Vec<String> = places.iter().map(|p| p.to_string()).collect();
            municipalities::create(db, &key, name, 14, &places).await?;
        }
        keys.push(key);
    }
    municipalities::delegate(db, &keys[MEERANE], &keys[SCHOENBERG]).await?;
    let mut accounts = Vec::new();
    for (municipality, username, display_name, role) in USERS {
        if users::find_by_username(db, username).await?.is_none() {
            users::create(
                db,
                users::NewUser {
                    municipality: &keys[municipality],
                    username,
                    display_name,
                    role,
                    password: DEMO_PASSWORD,
                },
            )
            .await?;
        }
        accounts.push(DemoAccount {
            username,
            display_name,
            role,
            municipality: MUNICIPALITIES[municipality].1,
        });
    }
    Ok(accounts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn seeding_twice_changes_nothing() {
        let dir = tempfile::tempdir().expect("dir");
        let db = crate::database::open_for_test(dir.path()).await;
        let first = seed(&db).await.expect("first seed");
        let second = seed(&db).await.expect("second seed");
        assert_eq!(first.len(), second.len());
        let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
            .fetch_one(&db)
            .await
            .expect("count");
        assert_eq!(users, 5);
        assert!(
            municipalities::may_act_for(&db, "145245118180", "145245118250")
                .await
                .expect("query"),
            "Meerane serves Schönberg"
        );
        assert!(
            !municipalities::may_act_for(&db, "145245118250", "145245118180")
                .await
                .expect("query"),
            "but not the other way round"
        );
    }
}
