//! Demo data for trying the Koffer out: an operator serving Meerane, Schönberg (served by Meerane
//! in their Verwaltungsgemeinschaft) and Treuen, with one clerk each and an admin in Meerane;
//! and (`visits`) eight weeks of their visits for the town hall's inbox and evaluation.

pub mod visits;

use crate::database::DataError;
use crate::database::Db;
use crate::database::{municipalities, users};
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

/// Seeds the demo data into an empty database and returns the accounts; `None`, writing nothing,
/// when the database holds any municipality, so the published demo password never reaches a
/// real one (nor a demo database twice).
/// Who the admin log names for the demo's accounts.
const SEEDED_BY: &str = "Demo-Daten";

pub async fn seed(db: &Db, now: u64) -> Result<Option<Vec<DemoAccount>>, DataError> {
    if municipalities::count(db).await? > 0 {
        return Ok(None);
    }
    let mut keys = Vec::new();
    for (key, name, places) in MUNICIPALITIES {
        let key = RegionalKey::parse(key).map_err(|error| DataError::Invalid(error.to_string()))?;
        let places: Vec<String> = places.iter().map(|p| p.to_string()).collect();
        municipalities::create(db, &key, name, 14, &places).await?;
        keys.push(key);
    }
    municipalities::delegate(db, &keys[MEERANE], &keys[SCHOENBERG]).await?;
    let mut accounts = Vec::new();
    for (municipality, username, display_name, role) in USERS {
        users::create(
            db,
            users::NewUser {
                municipality: &keys[municipality],
                username,
                display_name,
                role,
                password: DEMO_PASSWORD,
            },
            (SEEDED_BY, now),
        )
        .await?;
        accounts.push(DemoAccount {
            username,
            display_name,
            role,
            municipality: MUNICIPALITIES[municipality].1,
        });
    }
    Ok(Some(accounts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn only_an_empty_database_is_seeded() {
        let dir = tempfile::tempdir().expect("dir");
        let db = crate::database::open_for_test(dir.path()).await;
        let first = seed(&db, 0).await.expect("first seed");
        assert_eq!(first.map(|accounts| accounts.len()), Some(5));
        let second = seed(&db, 0).await.expect("second seed");
        assert!(second.is_none(), "a database with data is left alone");

        // A real database with one municipality of its own gets no demo account.
        let real_dir = tempfile::tempdir().expect("dir");
        let real = crate::database::open_for_test(real_dir.path()).await;
        let key = RegionalKey::parse("146120000000").expect("key");
        municipalities::create(&real, &key, "Dresden", 14, &[])
            .await
            .expect("municipality");
        assert!(seed(&real, 0).await.expect("seed").is_none());
        let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
            .fetch_one(&real)
            .await
            .expect("count");
        assert_eq!(
            users, 0,
            "the published demo password reached no real database"
        );
        let users: i64 = sqlx::query_scalar("SELECT count(*) FROM users")
            .fetch_one(&db)
            .await
            .expect("count");
        assert_eq!(users, 5);
        assert!(
            crate::database::municipalities::may_act_for(
                &db,
                &RegionalKey::parse("145245118180").expect("key"),
                &RegionalKey::parse("145245118250").expect("key")
            )
            .await
            .expect("query"),
            "Meerane serves Schönberg"
        );
        assert!(
            !crate::database::municipalities::may_act_for(
                &db,
                &RegionalKey::parse("145245118250").expect("key"),
                &RegionalKey::parse("145245118180").expect("key")
            )
            .await
            .expect("query"),
            "but not the other way round"
        );
    }
}
