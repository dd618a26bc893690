//! A declarative form (from the catalogue) as labelled inputs, with the sentence for each
//! problem its validators find: the Koffer's visit and corrections and the terminal's
//! self-service show the same form. Every input's id is `f-<input id>`; its error sits in
//! `f-<input id>-error`, named by `aria-describedby`, so a screen reader reads the problem with
//! the field. The words come from the app's own `Text` (`form_words!`).

use crate::case_details::CitizenWords;
use crate::{Language, fill, pick, tr};
use domain::forms::Problem;
use domain::forms::{Date, FieldError, FieldKind, FieldSpec, FormSchema, FormValues, Label, Part};
use leptos::prelude::*;

/// The words of a form, of the signature under it (`signature_pad`) and of the receipt for it
/// (`usb_printer::receipt_labels`), as an app's `Text` has them (`texts::form_words!`).
pub trait FormWords: CitizenWords {
    const STREET: Self;
    const HOUSE_NUMBER: Self;
    const POSTCODE: Self;
    const PLACE: Self;
    const DATE_HINT: Self;
    const PLEASE_CHOOSE: Self;
    const ERROR_SUMMARY: Self;
    const SIGNATURE_AREA: Self;
    const SIGNATURE_CLEAR: Self;
    const SIGNATURE_TAKE: Self;
    const SIGNATURE_EMPTY: Self;
    const SIGNATURE_TAKEN: Self;
    const RECEIPT_FEE: Self;
    const RECEIPT_PAID: Self;
    const RECEIPT_CASE: Self;
    const RECEIPT_THANKS: Self;
    const RECEIPT_CASH: Self;
    const RECEIPT_CARD: Self;
    const RECEIPT_VOUCHER: Self;
    const RECEIPT_INVOICED: Self;
    const FIELD_REQUIRED_VALUE: Self;
    const FIELD_TOO_LONG: Self;
    const FIELD_NAME_CHARACTER: Self;
    const FIELD_NAME_SHAPE: Self;
    const FIELD_DATE_FORMAT: Self;
    const FIELD_NOT_LEAP_YEAR: Self;
    const FIELD_DATE_DOES_NOT_EXIST: Self;
    const FIELD_BIRTH_DATE_IN_FUTURE: Self;
    const FIELD_BIRTH_DATE_TOO_OLD: Self;
    const FIELD_POSTCODE: Self;
    const FIELD_HOUSE_NUMBER: Self;
    const FIELD_IBAN_FORMAT: Self;
    const FIELD_IBAN_LENGTH: Self;
    const FIELD_IBAN_CHECKSUM: Self;
    const FIELD_NOT_A_CHOICE: Self;
    const FIELD_YES_NO: Self;
    const FIELD_NUMBER_FORMAT: Self;
    const FIELD_NUMBER_RANGE: Self;
    const FIELD_DOCUMENTS_MISSING: Self;
}

/// The DOM id of an input.
pub fn dom_id(input: &str) -> String {
    format!("f-{input}")
}

/// The label of a part of an address or a person.
pub fn part_label<T: FormWords>(part: Part) -> T {
    match part {
        Part::Street => T::STREET,
        Part::HouseNumber => T::HOUSE_NUMBER,
        Part::Postcode => T::POSTCODE,
        Part::Place => T::PLACE,
        Part::FamilyName => T::FAMILY_NAME,
        Part::GivenNames => T::GIVEN_NAMES,
        Part::BirthDate => T::BIRTH_DATE,
    }
}

/// Why a value was refused, as a specific sentence the person can act on.
pub fn problem_text<T: FormWords>(problem: &Problem, language: Language) -> String {
    use Problem as P;
    let text = match problem {
        P::Required => T::FIELD_REQUIRED_VALUE,
        P::TooLong { max_chars } => return fill(T::FIELD_TOO_LONG, language, &[max_chars]),
        P::NameCharacter { found } => return fill(T::FIELD_NAME_CHARACTER, language, &[found]),
        P::NameShape => T::FIELD_NAME_SHAPE,
        P::DateFormat => T::FIELD_DATE_FORMAT,
        P::DateDoesNotExist {
            day: 29,
            month: 2,
            year,
        } => return fill(T::FIELD_NOT_LEAP_YEAR, language, &[year]),
        P::DateDoesNotExist { day, month, year } => {
            let date = format!("{day:02}.{month:02}.{year}");
            return fill(T::FIELD_DATE_DOES_NOT_EXIST, language, &[&date]);
        }
        P::BirthDateInFuture => T::FIELD_BIRTH_DATE_IN_FUTURE,
        P::BirthDateTooOld => T::FIELD_BIRTH_DATE_TOO_OLD,
        P::PostcodeFormat => T::FIELD_POSTCODE,
        P::HouseNumberFormat => T::FIELD_HOUSE_NUMBER,
        P::IbanFormat => T::FIELD_IBAN_FORMAT,
        P::IbanLength {
            country,
            expected,
            found,
        } => return fill(T::FIELD_IBAN_LENGTH, language, &[country, expected, found]),
        P::IbanChecksum => T::FIELD_IBAN_CHECKSUM,
        P::NotAChoice => T::FIELD_NOT_A_CHOICE,
        P::YesNo => T::FIELD_YES_NO,
        P::NumberFormat => T::FIELD_NUMBER_FORMAT,
        P::NumberRange { min, max } => {
            return fill(T::FIELD_NUMBER_RANGE, language, &[min, max]);
        }
        P::DocumentsMissing { missing } => {
            return fill(T::FIELD_DOCUMENTS_MISSING, language, &[missing]);
        }
    };
    text.in_language(language).to_owned()
}

/// Today in the browser's time zone: the day a form's dates are checked against.
pub fn today() -> Date {
    let offset_minutes = js_sys::Date::new_0().get_timezone_offset();
    let local_ms = js_sys::Date::now() - offset_minutes * 60_000.0;
    Date::from_unix_days((local_ms / 86_400_000.0).floor() as i64)
}

/// Moves focus to the first refused input, where the person continues.
pub fn focus_first_error(errors: &[FieldError]) {
    use wasm_bindgen::JsCast;
    let Some(first) = errors.first() else {
        return;
    };
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&dom_id(&first.input)))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// The form: its error summary, then each field while it is shown.
pub fn form_view<T: FormWords>(
    schema: FormSchema,
    values: RwSignal<FormValues>,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView + use<T> {
    let language = expect_context::<RwSignal<Language>>();
    let fields = schema
        .fields
        .into_iter()
        .map(|field| {
            let shown = {
                let field = field.clone();
                move || values.with(|v| field.is_shown(v))
            };
            let label = field.label.clone();
            let title = Signal::derive(move || pick(&label, language.get()));
            view! { <Show when=shown.clone()>{render_field::<T>(field.clone(), title, values, errors)}</Show> }
        })
        .collect_view();
    view! {
        {error_summary::<T>(errors)}
        <div class="form">{fields}</div>
    }
}

/// "Bitte korrigieren …" above the form, announced when errors appear.
pub fn error_summary<T: FormWords>(errors: RwSignal<Vec<FieldError>>) -> impl IntoView + use<T> {
    view! {
        <div role="alert" data-testid="error-summary">
            {move || {
                let count = errors.with(Vec::len);
                (count > 0).then(|| view! { <p class="warning">{tr(T::ERROR_SUMMARY)} " " {count}</p> })
            }}
        </div>
    }
}

// Labels travel as `Signal<String>`, not as closures: each closure type would instantiate the
// whole input view again, and the wasm bundle has a size budget.
fn render_field<T: FormWords>(
    field: FieldSpec,
    title: Signal<String>,
    values: RwSignal<FormValues>,
    errors: RwSignal<Vec<FieldError>>,
) -> AnyView {
    let required = field.required;
    match field.kind {
        FieldKind::Address | FieldKind::Person => {
            let parts: &[Part] = if field.kind == FieldKind::Address {
                &Part::ADDRESS
            } else {
                &Part::PERSON
            };
            let inputs = parts
                .iter()
                .map(|&part| {
                    let label = part_label::<T>(part);
                    let hint = (part == Part::BirthDate).then_some(T::DATE_HINT);
                    let mode = if part == Part::Postcode {
                        "numeric"
                    } else {
                        "text"
                    };
                    let label = tr(label);
                    text_input::<T>(
                        part.input_id(&field.id),
                        Signal::derive(move || label().to_owned()),
                        hint,
                        mode,
                        required,
                        values,
                        errors,
                    )
                })
                .collect_view();
            view! {
                <fieldset>
                    <legend>{title}</legend>
                    {inputs}
                </fieldset>
            }
            .into_any()
        }
        FieldKind::Documents { items } => {
            let language = expect_context::<RwSignal<Language>>();
            let boxes = items
                .into_iter()
                .map(|item| {
                    let input = format!("{}.{}", field.id, item.value);
                    let id = dom_id(&input);
                    let checked = {
                        let input = input.clone();
                        move || values.with(|v| v.get(&input).is_some_and(|x| x == "ja"))
                    };
                    let toggle = {
                        let input = input.clone();
                        move |event: leptos::ev::Event| {
                            let on = event_target_checked(&event);
                            values.update(|v| {
                                v.insert(input.clone(), if on { "ja" } else { "" }.to_owned());
                            });
                        }
                    };
                    let label = item.label.clone();
                    view! {
                        <div class="check">
                            <input type="checkbox" id=id.clone() prop:checked=checked on:change=toggle
                                aria-describedby=error_id_if_refused(input.clone(), errors) />
                            <label for=id>{move || pick(&label, language.get())}</label>
                            {error_message::<T>(input, errors)}
                        </div>
                    }
                })
                .collect_view();
            view! {
                <fieldset>
                    <legend>{title}</legend>
                    {boxes}
                </fieldset>
            }
            .into_any()
        }
        FieldKind::Choice { options } => {
            let options = options.into_iter().map(|o| (o.value, o.label)).collect();
            select_input::<T>(field.id, title, required, options, values, errors)
        }
        FieldKind::YesNo => {
            let label = |de: &str, en: &str| Label {
                de: de.to_owned(),
                en: en.to_owned(),
            };
            let options = vec![
                ("ja".to_owned(), label("ja", "yes")),
                ("nein".to_owned(), label("nein", "no")),
            ];
            select_input::<T>(field.id, title, required, options, values, errors)
        }
        kind => {
            let (hint, mode) = match kind {
                FieldKind::Date | FieldKind::BirthDate => (Some(T::DATE_HINT), "text"),
                FieldKind::Number { .. } => (None, "numeric"),
                _ => (None, "text"),
            };
            text_input::<T>(field.id, title, hint, mode, required, values, errors)
        }
    }
}

fn error_id_if_refused(
    input: String,
    errors: RwSignal<Vec<FieldError>>,
) -> impl Fn() -> Option<String> {
    move || {
        errors
            .with(|all| all.iter().any(|e| e.input == input))
            .then(|| format!("{}-error", dom_id(&input)))
    }
}

/// Keeps what the person types or chooses in `input` among `values`.
fn keep_in(input: String, values: RwSignal<FormValues>) -> impl Fn(leptos::ev::Event) + 'static {
    move |event: leptos::ev::Event| {
        let text = event_target_value(&event);
        values.update(|v| {
            v.insert(input.clone(), text);
        });
    }
}

/// `aria-invalid` while `input` is refused.
fn invalid_while_refused(
    input: String,
    errors: RwSignal<Vec<FieldError>>,
) -> impl Fn() -> Option<&'static str> + 'static {
    move || {
        errors
            .with(|all| all.iter().any(|e| e.input == input))
            .then_some("true")
    }
}

fn error_message<T: FormWords>(
    input: String,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView + use<T> {
    let language = expect_context::<RwSignal<Language>>();
    let id = format!("{}-error", dom_id(&input));
    move || {
        errors.with(|all| {
            all.iter()
                .find(|e| e.input == input)
                .map(|e| view! { <p class="error" id=id.clone()>{problem_text::<T>(&e.problem, language.get())}</p> })
        })
    }
}

fn text_input<T: FormWords>(
    input: String,
    label: Signal<String>,
    hint: Option<T>,
    mode: &'static str,
    required: bool,
    values: RwSignal<FormValues>,
    errors: RwSignal<Vec<FieldError>>,
) -> AnyView {
    let id = dom_id(&input);
    let hint_id = format!("{id}-hint");
    let described_by = {
        let refused = error_id_if_refused(input.clone(), errors);
        let hint_id = hint_id.clone();
        move || {
            let ids: Vec<String> = hint
                .map(|_| hint_id.clone())
                .into_iter()
                .chain(refused())
                .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let value = {
        let input = input.clone();
        move || values.with(|v| v.get(&input).cloned().unwrap_or_default())
    };
    let typed = keep_in(input.clone(), values);
    let invalid = invalid_while_refused(input.clone(), errors);
    view! {
        <div class="field">
            <label for=id.clone()>{label}{required.then_some(" *")}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{tr(hint)}</p> })}
            <input id=id type="text" inputmode=mode autocomplete="off" spellcheck="false"
                prop:value=value on:input=typed aria-required=required.then_some("true")
                aria-invalid=invalid aria-describedby=described_by />
            {error_message::<T>(input, errors)}
        </div>
    }
    .into_any()
}

fn select_input<T: FormWords>(
    input: String,
    label: Signal<String>,
    required: bool,
    options: Vec<(String, Label)>,
    values: RwSignal<FormValues>,
    errors: RwSignal<Vec<FieldError>>,
) -> AnyView {
    let id = dom_id(&input);
    let language = expect_context::<RwSignal<Language>>();
    let is_chosen = {
        let input = input.clone();
        move |value: &str| values.with(|v| v.get(&input).map(String::as_str) == Some(value))
    };
    // `selected` per option rather than the select's value: it holds however the options render.
    let options = options
        .into_iter()
        .map(|(value, label)| {
            let selected = {
                let (is_chosen, value) = (is_chosen.clone(), value.clone());
                move || is_chosen(&value)
            };
            view! { <option value=value prop:selected=selected>{move || pick(&label, language.get())}</option> }
        })
        .collect_view();
    let chosen = keep_in(input.clone(), values);
    let invalid = invalid_while_refused(input.clone(), errors);
    view! {
        <div class="field">
            <label for=id.clone()>{label}{required.then_some(" *")}</label>
            <select id=id on:change=chosen aria-required=required.then_some("true")
                aria-invalid=invalid aria-describedby=error_id_if_refused(input.clone(), errors)>
                <option value="">{tr(T::PLEASE_CHOOSE)}</option>
                {options}
            </select>
            {error_message::<T>(input, errors)}
        </div>
    }
    .into_any()
}
