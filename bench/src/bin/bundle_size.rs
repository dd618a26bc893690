//! Prints what the browser downloads for the built app, and whether it fits the budget; fails
//! above the ceiling.
//! Usage: bundle-size [DIST_DIR]   (default: dist)

use bench::bundle::{BUDGET_GZIP_BYTES, CEILING_GZIP_BYTES, Size, measure};
use std::path::PathBuf;
use std::process::ExitCode;

#[allow(clippy::print_stdout)] // printing the figures is this binary's whole job
fn main() -> ExitCode {
    let dist = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("dist"), PathBuf::from);
    let sizes = match measure(&dist) {
        Ok(sizes) => sizes,
        Err(error) => {
            eprintln!("bundle-size: {error}");
            return ExitCode::FAILURE;
        }
    };
    let row = |kind: &str, size: Size| {
        println!(
            "{kind:<6} {:>3} files {:>10} B raw {:>10} B gzip",
            size.files, size.raw, size.gzip
        );
    };
    println!("bundle size of {}", dist.display());
    row("wasm", sizes.wasm);
    row("js", sizes.js);
    row("css", sizes.css);
    println!(
        "total             {:>10} B raw {:>10} B gzip  (budget {} B gzip, {:.0} % used)",
        sizes.raw_total(),
        sizes.gzip_total(),
        BUDGET_GZIP_BYTES,
        sizes.gzip_total() as f64 * 100.0 / BUDGET_GZIP_BYTES as f64
    );
    if sizes.gzip_total() > BUDGET_GZIP_BYTES {
        println!(
            "OVER BUDGET by {} B gzip (the build fails above the ceiling of {} B)",
            sizes.gzip_total() - BUDGET_GZIP_BYTES,
            CEILING_GZIP_BYTES
        );
    }
    if sizes.gzip_total() > CEILING_GZIP_BYTES {
        eprintln!("bundle-size: over the ceiling; the app grew again");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
