//! Prints what the browser downloads for each built app (the Koffer in `dist`, the Rathaus in
//! `dist/rathaus`), and whether each fits its budget; fails above a ceiling.
//! Usage: bundle-size [DIST_DIR]   (default: dist)

use bench::bundle::{BUDGETS, Size, measure};
use std::path::PathBuf;
use std::process::ExitCode;

#[allow(clippy::print_stdout)] // printing the figures is this binary's whole job
fn main() -> ExitCode {
    let dist = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("dist"), PathBuf::from);
    let row = |kind: &str, size: Size| {
        println!(
            "{kind:<6} {:>3} files {:>10} B raw {:>10} B gzip",
            size.files, size.raw, size.gzip
        );
    };
    let mut outcome = ExitCode::SUCCESS;
    for budget in &BUDGETS {
        let dir = dist.join(budget.dir);
        let sizes = match measure(&dir) {
            Ok(sizes) => sizes,
            Err(error) => {
                eprintln!("bundle-size: {}: {error}", dir.display());
                return ExitCode::FAILURE;
            }
        };
        println!("bundle size of the {} ({})", budget.app, dir.display());
        row("wasm", sizes.wasm);
        row("js", sizes.js);
        row("css", sizes.css);
        let total = sizes.gzip_total();
        println!(
            "total             {:>10} B raw {:>10} B gzip  (budget {} B gzip, {:.0} % used)",
            sizes.raw_total(),
            total,
            budget.budget,
            total as f64 * 100.0 / budget.budget as f64
        );
        if total > budget.budget {
            println!(
                "OVER BUDGET by {} B gzip (the build fails above the ceiling of {} B)",
                total - budget.budget,
                budget.ceiling
            );
        }
        if total > budget.ceiling {
            eprintln!(
                "bundle-size: the {} is over its ceiling; it grew again",
                budget.app
            );
            outcome = ExitCode::FAILURE;
        }
    }
    outcome
}
