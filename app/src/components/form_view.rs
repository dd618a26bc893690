//! Renders a declarative form (from the catalogue) as labelled inputs. Every input's id is
//! `f-<input id>`; its error sits in `f-<input id>-error`, named by `aria-describedby`, so a
//! screen reader reads the problem with the field.

use crate::messages::{Language, Text, pick, problem_text, tr};
use domain::forms::{FieldError, FieldKind, FieldSpec, FormSchema, FormValues, Label, Part};
use leptos::prelude::*;

/// The DOM id of an input.
pub fn dom_id(input: &str) -> String {
    format!("f-{input}")
}

/// The label of a part of an address or a person.
pub fn part_label(part: Part) -> Text {
    match part {
        Part::Street => Text::Street,
        Part::HouseNumber => Text::HouseNumber,
        Part::Postcode => Text::Postcode,
        Part::Place => Text::Place,
        Part::FamilyName => Text::FamilyName,
        Part::GivenNames => Text::GivenNames,
        Part::BirthDate => Text::BirthDate,
    }
}

/// Moves focus to the first refused input, where the clerk continues.
pub fn focus_first_error(errors: &[FieldError]) {
    if let Some(first) = errors.first() {
        crate::pages::enrol::focus(&dom_id(&first.input));
    }
}

#[component]
pub fn FormView(
    schema: FormSchema,
    values: RwSignal<FormValues>,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
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
            view! { <Show when=shown.clone()>{render_field(field.clone(), title, values, errors)}</Show> }
        })
        .collect_view();
    view! {
        <ErrorSummary errors=errors />
        <div class="form">{fields}</div>
    }
}

/// "Bitte korrigieren …" above the form, announced when errors appear.
#[component]
pub fn ErrorSummary(errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    view! {
        <div role="alert" data-testid="error-summary">
            {move || {
                let count = errors.with(Vec::len);
                (count > 0).then(|| view! { <p class="warning">{tr(Text::ErrorSummary)} " " {count}</p> })
            }}
        </div>
    }
}

// Labels travel as `Signal<String>`, not as closures: each closure type would instantiate the
// whole input view again, and the wasm bundle has a size budget.
fn render_field(
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
                    let label = part_label(part);
                    let hint = (part == Part::BirthDate).then_some(Text::DateHint);
                    let mode = if part == Part::Postcode {
                        "numeric"
                    } else {
                        "text"
                    };
                    let label = tr(label);
                    text_input(
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
                            {error_message(input, errors)}
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
            select_input(field.id, title, required, options, values, errors)
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
            select_input(field.id, title, required, options, values, errors)
        }
        kind => {
            let (hint, mode) = match kind {
                FieldKind::Date | FieldKind::BirthDate => (Some(Text::DateHint), "text"),
                FieldKind::Number { .. } => (None, "numeric"),
                _ => (None, "text"),
            };
            text_input(field.id, title, hint, mode, required, values, errors)
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

fn error_message(input: String, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let id = format!("{}-error", dom_id(&input));
    move || {
        errors.with(|all| {
            all.iter()
                .find(|e| e.input == input)
                .map(|e| view! { <p class="error" id=id.clone()>{problem_text(&e.problem, language.get())}</p> })
        })
    }
}

fn text_input(
    input: String,
    label: Signal<String>,
    hint: Option<Text>,
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
    let typed = {
        let input = input.clone();
        move |event: leptos::ev::Event| {
            let text = event_target_value(&event);
            values.update(|v| {
                v.insert(input.clone(), text);
            });
        }
    };
    let invalid = {
        let input = input.clone();
        move || {
            errors
                .with(|all| all.iter().any(|e| e.input == input))
                .then_some("true")
        }
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}{required.then_some(" *")}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{tr(hint)}</p> })}
            <input id=id type="text" inputmode=mode autocomplete="off" spellcheck="false"
                prop:value=value on:input=typed aria-required=required.then_some("true")
                aria-invalid=invalid aria-describedby=described_by />
            {error_message(input, errors)}
        </div>
    }
    .into_any()
}

fn select_input(
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
    let chosen = {
        let input = input.clone();
        move |event: leptos::ev::Event| {
            let text = event_target_value(&event);
            values.update(|v| {
                v.insert(input.clone(), text);
            });
        }
    };
    let invalid = {
        let input = input.clone();
        move || {
            errors
                .with(|all| all.iter().any(|e| e.input == input))
                .then_some("true")
        }
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}{required.then_some(" *")}</label>
            <select id=id on:change=chosen aria-required=required.then_some("true")
                aria-invalid=invalid aria-describedby=error_id_if_refused(input.clone(), errors)>
                <option value="">{tr(Text::PleaseChoose)}</option>
                {options}
            </select>
            {error_message(input, errors)}
        </div>
    }
    .into_any()
}
