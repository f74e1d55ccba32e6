//! `make bench` — the app shell's size (foundation issue's budget: ≤ 250 KB gzip), from the
//! release build in `target/site/pkg` (`make build`, which splits the WebAssembly).
//! The shell is what every page loads before anything else: the main `.wasm`, its JS glue, the
//! chunk loader and the stylesheet. A page then loads the chunks of what it shows (from
//! cargo-leptos' `__wasm_split_manifest.json`), printed beside it: its lazily loaded route, or in
//! islands mode each of its lazy islands (chunks that several islands share are counted with
//! each). Sizes are each file gzip-compressed at level 9, as a server sends it compressed.

use flate2::Compression;
use flate2::write::GzEncoder;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

const BUDGET_KB: f64 = 250.0;
const SHELL: [&str; 4] = [
    "uprava.wasm",
    "uprava.js",
    "__wasm_split.______________________.js",
    "uprava.css",
];

fn main() -> anyhow::Result<()> {
    let pkg = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/site/pkg");
    let gz = |name: &str| -> anyhow::Result<usize> { gzipped(&pkg.join(name)) };
    println!("\n### app shell (release build, gzip -9)\n\n| file | bytes gzip |\n|---|---|");
    let mut shell = 0;
    for name in SHELL {
        let n = gz(name)?;
        shell += n;
        println!("| {name} | {n} |");
    }
    let kb = shell as f64 / 1024.0;
    let verdict = if kb <= BUDGET_KB { "met" } else { "**over**" };
    println!("| **app shell** | **{shell}** ({kb:.0} KB; budget {BUDGET_KB:.0} KB: {verdict}) |");

    let manifest: BTreeMap<String, Vec<String>> =
        serde_json::from_slice(&std::fs::read(pkg.join("__wasm_split_manifest.json"))?)?;
    let mut sizes = BTreeMap::new();
    println!(
        "\n| lazily loaded route or island | its chunks, KB gzip | shell + them, KB gzip |\n|---|---|---|"
    );
    for (split, chunks) in &manifest {
        let Some(page) = split_name(split) else {
            continue;
        };
        let mut own = 0;
        for chunk in chunks {
            if !sizes.contains_key(chunk) {
                sizes.insert(chunk.clone(), gz(&format!("{chunk}.wasm"))?);
            }
            own += sizes[chunk];
        }
        println!(
            "| {page} | {:.0} | {:.0} |",
            own as f64 / 1024.0,
            (shell + own) as f64 / 1024.0
        );
    }
    let all: usize = std::fs::read_dir(&pkg)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "wasm"))
        .map(|p| gzipped(&p))
        .sum::<anyhow::Result<usize>>()?;
    println!(
        "\nevery .wasm file together: {:.0} KB gzip",
        all as f64 / 1024.0
    );
    Ok(())
}

/// `board` from a lazily loaded route's split point `__board_route_view_<hash>`, `bell island`
/// from a lazy island's `bell_loader_<hash>`; none for other split points.
fn split_name(split: &str) -> Option<String> {
    let name = split.strip_prefix("__").unwrap_or(split);
    let (name, _hash) = name.rsplit_once('_')?;
    if let Some(route) = name.strip_suffix("_route_view") {
        return Some(route.replace('_', " "));
    }
    let island = name.strip_suffix("_loader")?;
    Some(format!("{} island", island.replace('_', " ")))
}

fn gzipped(path: &PathBuf) -> anyhow::Result<usize> {
    let bytes = std::fs::read(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    let mut enc = GzEncoder::new(Vec::new(), Compression::best());
    enc.write_all(&bytes)?;
    Ok(enc.finish()?.len())
}
