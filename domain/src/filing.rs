//! What a device may file, and what only the server writes. A device proposes a case it captured;
//! the server takes it only if its history holds nothing but the clerk's own steps (Entwurf, then
//! Erfasst, in time order and not from the future) and the rules the app ran at the table
//! (`Case::finish_problems`) hold. Every later step — the transfer and each back-office decision —
//! is the server's to write, and a device may change only the cases it filed itself.

use crate::cases::{
    Case, CaseStatus, Channel, Citizen, Deployment, FinishProblem, Payment, PaymentMethod,
    StatusChange,
};
use crate::catalogue::{Catalogue, Service};
use crate::forms::Date;
use crate::municipality::RegionalKey;
use crate::sync::correction::{correctable, open_to_correction};
use crate::wire::{CardPayment, TerminalFiling};

/// How far a laptop's clock may run ahead of the server's before its steps count as forged.
pub const CLOCK_SKEW_MS: u64 = 10 * 60 * 1000;

/// Kept conflict copies per case: beyond these, a conflicting push is refused until the town hall
/// has decided, so one device cannot grow a case without bound.
pub const MAX_CONFLICTS: usize = 3;

/// Why the server does not file what a device sent. The server words each for the clerk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The mutation names no valid Regionalschlüssel.
    UnknownMunicipality(String),
    /// The case has no id.
    NoId,
    /// The caller may not act for this municipality.
    OtherMunicipality(String),
    /// Only a case finished at the table ("Erfasst") is transferred.
    NotCaptured(CaseStatus),
    /// The history holds a step only the server writes (Übertragen and every later one).
    ServerStep(CaseStatus),
    /// The clerk's steps are not Entwurf then Erfasst in time order.
    HistoryOutOfOrder,
    /// A step is dated after the server's clock, beyond the skew a laptop may have.
    FromTheFuture,
    /// What the app checks before "Erfasst" does not hold.
    Unfinished(Vec<FinishProblem>),
    /// The signature's SHA-256 is not that of its image, or the image is no PNG.
    SignatureMismatch,
    /// The case as JSON is larger than a case may be.
    TooLarge { limit: usize },
    /// Another case of the municipality carries this number.
    NumberTaken(String),
    /// The server lacks photos the case names; they go up first.
    PhotosMissing,
    /// The municipality's storage quota would be exceeded.
    QuotaReached,
    /// Another device filed this case.
    NotOwnCase,
    /// A device changed the history of a case the server holds.
    HistoryChanged,
    /// The base version claims a state of the municipality the server never had.
    ForgedBase,
    /// The server holds this case: no device may delete it.
    DeleteOnServer,
    /// The server holds no such case.
    NoSuchCase,
    /// Too many conflict copies wait for a decision on this case.
    TooManyConflicts,
    /// The town hall has finished with the case: a device no longer corrects it.
    Closed(CaseStatus),
    /// A device may correct the citizen and the forms of a case the server holds, not this part.
    NotCorrectable(String),
    /// The deployment names another municipality, a place its catalogue does not list, or a
    /// day other than the visit's; or a laptop files as if it were a terminal.
    DeploymentMismatch,
    /// A terminal sent a service it does not offer (`Service::offered_at_terminal`).
    NotAtTerminal(String),
    /// A terminal's card payment is not the fee due (none paid for a fee, or one for nothing).
    FeeMismatch { due_cents: u32, paid_cents: u32 },
    /// A terminal's card payment names no card slip number the town hall could look up.
    UnreadableCardReceipt,
}

/// Longest case id a terminal may make: a UUID is 36 characters.
const MAX_TERMINAL_ID_CHARS: usize = 64;

/// Longest card slip number: ZVT's receipt number has 4 digits, its trace number 6.
const MAX_CARD_RECEIPT_CHARS: usize = 16;

/// The case a citizen files alone at a terminal standing at `place`, made by the server of what
/// the terminal sent: numbered and dated by the server, of services the terminal offers only,
/// and finished by the rules the Koffer runs at the table. `by` names the terminal in its steps.
pub fn terminal_case(
    filing: TerminalFiling,
    catalogue: &Catalogue,
    (place, number): (&str, String),
    now_ms: u64,
    by: &str,
) -> Result<Case, Refusal> {
    let usable_id = !filing.id.is_empty()
        && filing.id.len() <= MAX_TERMINAL_ID_CHARS
        && filing
            .id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !usable_id {
        return Err(Refusal::NoId);
    }
    if let Some(requested) = filing.services.iter().find(|requested| {
        !catalogue
            .service(&requested.service)
            .is_some_and(Service::offered_at_terminal)
    }) {
        return Err(Refusal::NotAtTerminal(requested.service.clone()));
    }
    let today = german_date(now_ms);
    let deployment = Deployment {
        municipality: catalogue.municipality.clone(),
        municipality_name: catalogue.municipality_name.clone(),
        place: place.to_owned(),
        date: today.iso(),
    };
    let citizen = Citizen {
        id: filing.id.clone(),
        ..filing.citizen
    };
    let mut case = Case::new(filing.id, number, deployment, citizen, now_ms, by);
    case.channel = Channel::Terminal;
    case.services = filing.services;
    case.signature = filing.signature;
    case.payment = card_payment(filing.paid_by_card, case.total_fee_cents(catalogue))?;
    case.finish(catalogue, today, true, now_ms, by)
        .map_err(Refusal::Unfinished)?;
    Ok(case)
}

/// The payment a terminal's case records: the card payment of exactly the fee due, or nothing
/// for free services.
fn card_payment(paid: Option<CardPayment>, due_cents: u32) -> Result<Payment, Refusal> {
    let paid_cents = paid.as_ref().map_or(0, |paid| paid.amount_cents);
    if paid_cents != due_cents || (due_cents == 0 && paid.is_some()) {
        return Err(Refusal::FeeMismatch {
            due_cents,
            paid_cents,
        });
    }
    let Some(paid) = paid else {
        return Ok(Payment::Free);
    };
    let readable = !paid.receipt.is_empty()
        && paid.receipt.len() <= MAX_CARD_RECEIPT_CHARS
        && paid.receipt.bytes().all(|b| b.is_ascii_alphanumeric());
    if !readable {
        return Err(Refusal::UnreadableCardReceipt);
    }
    Ok(Payment::Paid {
        method: PaymentMethod::Card,
        receipt: paid.receipt,
    })
}

/// Checks a case the server sees for the first time.
pub fn check_new(case: &Case, catalogue: &Catalogue, now_ms: u64) -> Result<(), Refusal> {
    let captured_at = check_clerk_steps(&case.history, now_ms)?;
    check_deployment(case, catalogue)?;
    check_content(case, catalogue, captured_at)
}

/// Where and when the case was taken, as the evaluation counts it: the municipality whose
/// catalogue it was taken under, one of its places (if it lists any), and the day the case was
/// opened or the one before (a laptop may stay open past midnight).
fn check_deployment(case: &Case, catalogue: &Catalogue) -> Result<(), Refusal> {
    let deployment = &case.deployment;
    let same_municipality = match (
        RegionalKey::parse(&deployment.municipality),
        RegionalKey::parse(&catalogue.municipality),
    ) {
        (Ok(named), Ok(catalogue)) => named == catalogue,
        _ => false,
    };
    let known_place = catalogue.places.is_empty() || catalogue.places.contains(&deployment.place);
    let opened = german_date(case.started_at_ms()).unix_days();
    let on_the_day = Date::parse_iso(&deployment.date)
        .is_some_and(|day| (opened - 1..=opened).contains(&day.unix_days()));
    if same_municipality && known_place && on_the_day {
        Ok(())
    } else {
        Err(Refusal::DeploymentMismatch)
    }
}

/// The check the app runs before "Erfasst", on what the case holds, as of `at_ms`.
fn check_content(case: &Case, catalogue: &Catalogue, at_ms: u64) -> Result<(), Refusal> {
    let problems = case.content_problems(catalogue, german_date(at_ms), true);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Refusal::Unfinished(problems))
    }
}

/// The history of a case as a device may send it: Entwurf, then Erfasst, in time order, neither
/// after the server's clock. Returns when it was captured.
fn check_clerk_steps(history: &[StatusChange], now_ms: u64) -> Result<u64, Refusal> {
    if let Some(step) = history.iter().find(|s| !s.status.is_untransferred()) {
        return Err(Refusal::ServerStep(step.status));
    }
    let [draft, captured] = history else {
        return Err(match history.last() {
            Some(step) if step.status == CaseStatus::Captured => Refusal::HistoryOutOfOrder,
            Some(step) => Refusal::NotCaptured(step.status),
            None => Refusal::NotCaptured(CaseStatus::Draft),
        });
    };
    if captured.status != CaseStatus::Captured {
        return Err(Refusal::NotCaptured(captured.status));
    }
    if draft.status != CaseStatus::Draft || captured.at_ms < draft.at_ms {
        return Err(Refusal::HistoryOutOfOrder);
    }
    if captured.at_ms > now_ms.saturating_add(CLOCK_SKEW_MS) {
        return Err(Refusal::FromTheFuture);
    }
    Ok(captured.at_ms)
}

/// Checks a device's correction of a case the server holds (`changed`: the parts it says it
/// changed): only the citizen and forms, only while the town hall still works on the case; it
/// may not add a step, nor change one, and what it holds must still pass the app's check.
pub fn check_edit(
    stored: &Case,
    incoming: &Case,
    changed: &[String],
    catalogue: &Catalogue,
    now_ms: u64,
) -> Result<(), Refusal> {
    if let Some(part) = changed.iter().find(|part| !correctable(part)) {
        return Err(Refusal::NotCorrectable(part.clone()));
    }
    if !changed.is_empty() && !open_to_correction(stored.status()) {
        return Err(Refusal::Closed(stored.status()));
    }
    let known = |step: &StatusChange| {
        stored
            .history
            .iter()
            .any(|s| s.status == step.status && s.at_ms == step.at_ms)
    };
    match incoming.history.iter().find(|step| !known(step)) {
        Some(step) if !step.status.is_untransferred() => Err(Refusal::ServerStep(step.status)),
        Some(_) => Err(Refusal::HistoryChanged),
        None => check_content(incoming, catalogue, now_ms),
    }
}

/// The clerk's steps of a new case, written in the name of the person signed in, whatever the
/// device claimed.
pub fn stamp_clerk_steps(case: &mut Case, by: &str) {
    for step in &mut case.history {
        step.by = by.to_owned();
    }
}

/// The date in Germany at a Unix time in milliseconds, as the app's "today" was when it checked.
/// Germany is one or two hours ahead of UTC; two is taken, so a case captured just before
/// midnight in winter is checked as of the next day (date rules only grow looser by a day).
pub fn german_date(at_ms: u64) -> Date {
    const AHEAD_MS: u64 = 2 * 60 * 60 * 1000;
    let days = at_ms.saturating_add(AHEAD_MS) / 86_400_000;
    Date::from_unix_days(i64::try_from(days).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cases::{Address, Payment, RequestedService};
    use crate::catalogue::OfflinePolicy;
    use crate::forms::{FieldKind, FieldSpec, FormSchema, Label};

    const NOW: u64 = 1_800_000_000_000;

    fn label(text: &str) -> Label {
        Label {
            de: text.into(),
            en: text.into(),
        }
    }

    fn catalogue(fee_cents: u32) -> Catalogue {
        Catalogue {
            municipality: "145245118250".into(),
            municipality_name: "Schönberg".into(),
            version: 1,
            places: vec!["Schönberg, Gemeindeamt".into()],
            two_clerk_places: Vec::new(),
            submission_checks: Vec::new(),
            services: vec![Service {
                id: "fundsache".into(),
                leika: None,
                leika_confirmed: false,
                title: label("Fundsache"),
                offline: OfflinePolicy::FinishesOffline,
                fee_cents,
                fee_basis: "—".into(),
                documents: Vec::new(),
                peripherals: Vec::new(),
                form: FormSchema {
                    fields: vec![FieldSpec {
                        id: "item".into(),
                        label: label("Gegenstand"),
                        kind: FieldKind::Text { max_chars: 80 },
                        required: true,
                        shown_if: None,
                    }],
                },
                paper_form: None,
                self_service: false,
            }],
        }
    }

    fn captured() -> Case {
        let mut case = Case::new(
            "case-1".into(),
            "2026-ABCDEF12-0001".into(),
            Deployment {
                municipality: "145245118250".into(),
                municipality_name: "Schönberg".into(),
                place: "Schönberg, Gemeindeamt".into(),
                date: "2027-01-15".into(),
            },
            Citizen {
                id: "p1".into(),
                family_name: "Müller".into(),
                given_names: "Anna".into(),
                birth_date: "03.05.1948".into(),
                address: Address {
                    street: "Hauptstraße".into(),
                    house_number: "3".into(),
                    postcode: "08393".into(),
                    place: "Schönberg".into(),
                },
            },
            NOW - 60_000,
            "Maria Schreiber",
        );
        case.services.push(RequestedService {
            service: "fundsache".into(),
            values: [("item".to_owned(), "Schlüsselbund".to_owned())].into(),
        });
        case.finish(&catalogue(0), german_date(NOW), true, NOW - 1_000, "Maria")
            .expect("finishes");
        case
    }

    fn step(status: CaseStatus, at_ms: u64, by: &str) -> StatusChange {
        StatusChange {
            status,
            at_ms,
            by: by.into(),
            reason: None,
        }
    }

    #[test]
    fn a_case_finished_at_the_table_is_filed() {
        assert_eq!(check_new(&captured(), &catalogue(0), NOW), Ok(()));
    }

    #[test]
    fn a_case_must_name_its_municipality_a_listed_place_and_the_day_it_was_opened() {
        let mut spaced = captured();
        spaced.deployment.municipality = "14 524 511 8250".into();
        assert_eq!(check_new(&spaced, &catalogue(0), NOW), Ok(()));
        let mut evening_before = captured();
        evening_before.deployment.date = "2027-01-14".into();
        assert_eq!(check_new(&evening_before, &catalogue(0), NOW), Ok(()));
        let wrong: [fn(&mut Deployment); 5] = [
            |d| d.municipality = "145245118180".into(),
            |d| d.place = "Irgendwo".into(),
            |d| d.date = "2027-01-16".into(),
            |d| d.date = "2027-01-13".into(),
            |d| d.date = "15.01.2027".into(),
        ];
        for change in wrong {
            let mut case = captured();
            change(&mut case.deployment);
            assert_eq!(
                check_new(&case, &catalogue(0), NOW),
                Err(Refusal::DeploymentMismatch),
                "{:?}",
                case.deployment
            );
        }
    }

    #[test]
    fn a_new_case_with_a_step_only_the_server_writes_is_refused() {
        for status in [
            CaseStatus::Transferred,
            CaseStatus::InProgress,
            CaseStatus::HandedOver,
            CaseStatus::Rejected,
        ] {
            let mut case = captured();
            case.history.push(step(status, NOW - 500, "Birgit Richter"));
            assert_eq!(
                check_new(&case, &catalogue(0), NOW),
                Err(Refusal::ServerStep(status))
            );
        }
    }

    #[test]
    fn only_entwurf_then_erfasst_in_time_order_and_not_from_the_future_is_filed() {
        let mut draft = captured();
        draft.history.pop();
        assert_eq!(
            check_new(&draft, &catalogue(0), NOW),
            Err(Refusal::NotCaptured(CaseStatus::Draft))
        );
        let mut empty = captured();
        empty.history.clear();
        assert_eq!(
            check_new(&empty, &catalogue(0), NOW),
            Err(Refusal::NotCaptured(CaseStatus::Draft))
        );
        let mut twice = captured();
        twice
            .history
            .push(step(CaseStatus::Captured, NOW, "Maria Schreiber"));
        assert_eq!(
            check_new(&twice, &catalogue(0), NOW),
            Err(Refusal::HistoryOutOfOrder)
        );
        let mut backwards = captured();
        backwards.history[1].at_ms = backwards.history[0].at_ms - 1;
        assert_eq!(
            check_new(&backwards, &catalogue(0), NOW),
            Err(Refusal::HistoryOutOfOrder)
        );
        let mut no_draft = captured();
        no_draft.history[0].status = CaseStatus::Captured;
        assert_eq!(
            check_new(&no_draft, &catalogue(0), NOW),
            Err(Refusal::HistoryOutOfOrder)
        );
        let mut ahead = captured();
        ahead.history[1].at_ms = NOW + CLOCK_SKEW_MS + 1;
        assert_eq!(
            check_new(&ahead, &catalogue(0), NOW),
            Err(Refusal::FromTheFuture)
        );
        let mut within_skew = captured();
        within_skew.history[1].at_ms = NOW + CLOCK_SKEW_MS;
        assert_eq!(check_new(&within_skew, &catalogue(0), NOW), Ok(()));
    }

    #[test]
    fn the_rules_the_app_runs_before_erfasst_hold_on_the_server_too() {
        let mut no_service = captured();
        no_service.services.clear();
        assert_eq!(
            check_new(&no_service, &catalogue(0), NOW),
            Err(Refusal::Unfinished(vec![FinishProblem::NoService]))
        );
        let mut bad_birth_date = captured();
        bad_birth_date.citizen.birth_date = "99.99.9999".into();
        assert!(matches!(
            check_new(&bad_birth_date, &catalogue(0), NOW),
            Err(Refusal::Unfinished(problems)) if matches!(problems[..], [FinishProblem::Citizen(_)])
        ));
        // A fee is due and the payment is open.
        let open = captured();
        assert_eq!(
            check_new(&open, &catalogue(500), NOW),
            Err(Refusal::Unfinished(vec![FinishProblem::PaymentOpen]))
        );
        let mut paid = captured();
        paid.payment = Payment::Invoiced;
        assert_eq!(check_new(&paid, &catalogue(500), NOW), Ok(()));
    }

    #[test]
    fn an_edit_may_neither_add_nor_change_a_step() {
        let mut stored = captured();
        stored
            .history
            .push(step(CaseStatus::Transferred, NOW, "Server"));
        stored
            .history
            .push(step(CaseStatus::InProgress, NOW + 5, "Birgit Richter"));
        // As the device pulled it, or as it held it before the transfer: both are known steps.
        let edit = |incoming: &Case| check_edit(&stored, incoming, &[], &catalogue(0), NOW);
        assert_eq!(edit(&stored.clone()), Ok(()));
        assert_eq!(edit(&captured()), Ok(()));

        let mut decided = stored.clone();
        decided
            .history
            .push(step(CaseStatus::Rejected, NOW + 9, "Birgit Richter"));
        assert_eq!(
            edit(&decided),
            Err(Refusal::ServerStep(CaseStatus::Rejected))
        );
        let mut redated = stored.clone();
        redated.history[0].at_ms += 1;
        assert_eq!(edit(&redated), Err(Refusal::HistoryChanged));
        let mut garbled = stored.clone();
        garbled.citizen.birth_date = "99.99.9999".into();
        assert!(matches!(edit(&garbled), Err(Refusal::Unfinished(_))));
    }

    #[test]
    fn a_correction_touches_only_the_citizen_and_forms_of_a_case_still_in_the_town_hall() {
        let mut stored = captured();
        stored
            .history
            .push(step(CaseStatus::Transferred, NOW, "Server"));
        let corrected = |parts: &[&str], held: &Case| {
            let parts: Vec<String> = parts.iter().map(|p| (*p).to_owned()).collect();
            check_edit(held, held, &parts, &catalogue(0), NOW)
        };
        assert_eq!(
            corrected(&["citizen", "service:anmeldung"], &stored),
            Ok(())
        );
        assert_eq!(
            corrected(&["citizen", "signature"], &stored),
            Err(Refusal::NotCorrectable("signature".into()))
        );
        stored
            .history
            .push(step(CaseStatus::Rejected, NOW + 9, "Birgit Richter"));
        assert_eq!(
            corrected(&["citizen"], &stored),
            Err(Refusal::Closed(CaseStatus::Rejected))
        );
        assert_eq!(
            corrected(&[], &stored),
            Ok(()),
            "a case sent again unchanged is no correction"
        );
    }

    #[test]
    fn the_clerks_steps_carry_the_name_of_the_person_signed_in() {
        let mut case = captured();
        case.history[0].by = "Birgit Richter".into();
        stamp_clerk_steps(&mut case, "Maria Schreiber");
        assert!(case.history.iter().all(|s| s.by == "Maria Schreiber"));
    }

    #[test]
    fn the_day_of_capture_is_the_day_in_germany() {
        // 2027-01-14 23:30 UTC is already 15 January in Germany.
        let late = 1_800_000_000_000 - (1_800_000_000_000 % 86_400_000) - 30 * 60_000;
        let date = german_date(late);
        assert_eq!((date.year, date.month, date.day), (2027, 1, 15));
    }

    fn at_the_terminal(id: &str, item: &str) -> TerminalFiling {
        let case = captured();
        TerminalFiling {
            id: id.into(),
            citizen: Citizen {
                id: "whatever the terminal says".into(),
                ..case.citizen
            },
            services: vec![RequestedService {
                service: "fundsache".into(),
                values: [("item".to_owned(), item.to_owned())].into(),
            }],
            signature: None,
            paid_by_card: None,
        }
    }

    fn self_service(fee_cents: u32) -> Catalogue {
        let mut catalogue = catalogue(fee_cents);
        catalogue.services[0].self_service = true;
        catalogue
    }

    #[test]
    fn a_terminal_files_a_finished_case_the_server_numbers_dates_and_places() {
        let case = terminal_case(
            at_the_terminal("5f0c1e2a-7d1b-4c55-9a51-0c8f3c2e7b10", "Schlüsselbund"),
            &self_service(0),
            ("Schönberg, Gemeindeamt", "2027-T1A2B3C4-0001".into()),
            NOW,
            "Bürger-Terminal",
        )
        .expect("filed");
        assert_eq!(case.channel, Channel::Terminal);
        assert_eq!(case.number, "2027-T1A2B3C4-0001");
        assert_eq!(case.deployment.place, "Schönberg, Gemeindeamt");
        assert_eq!(case.deployment.date, "2027-01-15");
        assert_eq!(case.citizen.id, case.id, "the server names the citizen");
        assert_eq!(case.status(), CaseStatus::Captured);
        assert_eq!(case.payment, Payment::Free);
        assert!(
            case.history
                .iter()
                .all(|s| s.by == "Bürger-Terminal" && s.at_ms == NOW)
        );
        assert_eq!(check_new(&case, &self_service(0), NOW), Ok(()));
    }

    #[test]
    fn a_terminal_files_only_what_it_offers_and_only_when_finished() {
        let place = || ("Schönberg, Gemeindeamt", "2027-T1A2B3C4-0001".to_owned());
        let file = |filing, catalogue: &Catalogue| {
            terminal_case(filing, catalogue, place(), NOW, "Bürger-Terminal").map(|_| ())
        };
        let not_offered = Err(Refusal::NotAtTerminal("fundsache".into()));
        assert_eq!(
            file(at_the_terminal("a-1", "Schirm"), &catalogue(0)),
            not_offered
        );
        for id in ["", "a/1", &"a".repeat(65)] {
            assert_eq!(
                file(at_the_terminal(id, "Schirm"), &self_service(0)),
                Err(Refusal::NoId)
            );
        }
        let Err(Refusal::Unfinished(problems)) =
            file(at_the_terminal("a-1", &"x".repeat(81)), &self_service(0))
        else {
            panic!("an item longer than the form allows is refused");
        };
        assert!(matches!(problems[0], FinishProblem::Form { .. }));
        let mut nothing = at_the_terminal("a-1", "Schirm");
        nothing.services.clear();
        assert_eq!(
            file(nothing, &self_service(0)),
            Err(Refusal::Unfinished(vec![FinishProblem::NoService]))
        );
    }

    #[test]
    fn a_terminal_files_a_fee_only_with_a_card_payment_of_exactly_that_fee() {
        let file = |paid: Option<(u32, &str)>, fee_cents| {
            let mut filing = at_the_terminal("a-1", "Schirm");
            filing.paid_by_card = paid.map(|(amount_cents, receipt)| CardPayment {
                amount_cents,
                receipt: receipt.into(),
            });
            terminal_case(
                filing,
                &self_service(fee_cents),
                ("Schönberg, Gemeindeamt", "2027-T1A2B3C4-0001".into()),
                NOW,
                "Bürger-Terminal",
            )
            .map(|case| case.payment)
        };
        assert_eq!(
            file(Some((500, "0042")), 500),
            Ok(Payment::Paid {
                method: PaymentMethod::Card,
                receipt: "0042".into()
            })
        );
        let mismatch = |due_cents, paid_cents| {
            Err(Refusal::FeeMismatch {
                due_cents,
                paid_cents,
            })
        };
        assert_eq!(file(None, 500), mismatch(500, 0));
        assert_eq!(file(Some((499, "0042")), 500), mismatch(500, 499));
        assert_eq!(
            file(Some((0, "0042")), 0),
            mismatch(0, 0),
            "paid for nothing"
        );
        assert_eq!(file(Some((500, "0042")), 0), mismatch(0, 500));
        for receipt in ["", "00 42", "0042/1", &"4".repeat(17)] {
            assert_eq!(
                file(Some((500, receipt)), 500),
                Err(Refusal::UnreadableCardReceipt),
                "{receipt:?}"
            );
        }
    }

    #[test]
    fn at_a_terminal_nobody_sees_documents_or_an_identity() {
        let mut catalogue = self_service(0);
        catalogue.services[0].documents = vec![crate::forms::ChoiceOption {
            value: "ausweis".into(),
            label: label("Ausweis"),
        }];
        let filed = terminal_case(
            at_the_terminal("a-1", "Schirm"),
            &catalogue,
            ("Schönberg, Gemeindeamt", "2027-T1A2B3C4-0001".into()),
            NOW,
            "Terminal",
        );
        assert!(filed.is_ok(), "no checklist at a kiosk: {filed:?}");
        assert!(
            matches!(
                check_new(&captured(), &catalogue, NOW),
                Err(Refusal::Unfinished(_))
            ),
            "at the Koffer's table the clerk ticks what was shown"
        );
        catalogue.services[0].peripherals = vec![crate::catalogue::Peripheral::IdCheck];
        assert!(!catalogue.services[0].offered_at_terminal());
    }
}
