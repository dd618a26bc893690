//! Two municipalities side by side, for the regional differences the pilot was to find: their
//! cases, deployments and the deployments with few citizens, and per service the cases and the
//! median minutes at the table.

use crate::charts::{PairedBars, count_text, withheld};
use crate::messages::Text;
use crate::session::Session;
use domain::wire::Evaluation;
use leptos::prelude::*;
use ui::{Language, pick, tr};

fn median_minutes(figures: &Evaluation, service: &str) -> String {
    figures
        .services
        .iter()
        .find(|s| s.service == service)
        .and_then(|s| s.handling_ms)
        .map_or_else(withheld, |[_, median, _]| {
            format!("{:.1}", median as f64 / 60_000.0)
        })
}

fn cases_of(figures: &Evaluation, service: &str) -> Option<u64> {
    figures
        .services
        .iter()
        .find(|s| s.service == service)
        .map_or(Some(0), |s| s.cases)
}

#[component]
pub fn Comparison(
    session: StoredValue<Session>,
    first: Evaluation,
    second: Evaluation,
    /// How each is called.
    names: (String, String),
) -> impl IntoView {
    let language = expect_context::<RwSignal<Language>>();
    let mut services: Vec<String> = first.services.iter().map(|s| s.service.clone()).collect();
    for s in &second.services {
        if !services.contains(&s.service) {
            services.push(s.service.clone());
        }
    }
    let municipality = first
        .municipality
        .split(',')
        .next()
        .unwrap_or_default()
        .to_owned();
    let title = move |service: &str| {
        session
            .with_value(|s| {
                s.catalogue_of(&municipality)
                    .and_then(|c| c.service(service))
                    .map(|s| pick(&s.title, language.get_untracked()))
            })
            .unwrap_or_else(|| service.to_owned())
    };
    let pairs: Vec<(String, Option<u64>, Option<u64>)> = services
        .iter()
        .map(|service| {
            (
                title(service),
                cases_of(&first, service),
                cases_of(&second, service),
            )
        })
        .collect();
    let few = |figures: &Evaluation| {
        figures
            .deployments
            .iter()
            .filter(|d| d.cases.is_none())
            .count()
    };
    let overview = [
        (Text::Cases, count_text(first.cases), count_text(second.cases)),
        (
            Text::FiguresDeployments,
            first.deployments.len().to_string(),
            second.deployments.len().to_string(),
        ),
        (
            Text::FewDeployments,
            few(&first).to_string(),
            few(&second).to_string(),
        ),
    ]
    .into_iter()
    .map(|(what, a, b)| view! {
        <tr><th scope="row">{tr(what)}</th><td class="number">{a}</td><td class="number">{b}</td></tr>
    })
    .collect_view();
    let per_service = services
        .iter()
        .map(|service| {
            view! {
                <tr>
                    <th scope="row">{title(service)}</th>
                    <td class="number">{count_text(cases_of(&first, service))}</td>
                    <td class="number">{count_text(cases_of(&second, service))}</td>
                    <td class="number">{median_minutes(&first, service)}</td>
                    <td class="number">{median_minutes(&second, service)}</td>
                </tr>
            }
        })
        .collect_view();
    let (a, b) = names;
    view! {
        <section class="comparison" aria-labelledby="comparison-title" data-testid="comparison">
            <h3 id="comparison-title">{tr(Text::ComparisonHeading)}</h3>
            <p class="small">{tr(Text::ComparisonLegend)}</p>
            <PairedBars pairs=pairs />
            <table class="figures" aria-labelledby="comparison-title" data-table="comparison">
                <thead><tr>
                    <th scope="col">{tr(Text::Figure)}</th>
                    <th scope="col">{a.clone()}</th>
                    <th scope="col">{b.clone()}</th>
                </tr></thead>
                <tbody>{overview}</tbody>
            </table>
            <table class="figures" aria-labelledby="comparison-title" data-table="comparison_services">
                <thead><tr>
                    <th scope="col">{tr(Text::Service)}</th>
                    <th scope="col">{tr(Text::Cases)} " " {a.clone()}</th>
                    <th scope="col">{tr(Text::Cases)} " " {b.clone()}</th>
                    <th scope="col">{tr(Text::HandlingMedian)} " " {a}</th>
                    <th scope="col">{tr(Text::HandlingMedian)} " " {b}</th>
                </tr></thead>
                <tbody>{per_service}</tbody>
            </table>
        </section>
    }
}
