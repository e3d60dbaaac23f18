//! Tells the tests which real clients are installed, so that the tests
//! needing one run where they can and are reported as ignored, by name,
//! where they cannot (`.ci/run` installs them when it can): a WebDriver
//! for Chromium (the browser test of `serve`) and LibreOffice (the
//! editable annual summary opened by a word processor).

fn main() {
    println!("cargo::rustc-check-cfg=cfg(has_chromedriver)");
    println!("cargo::rustc-check-cfg=cfg(has_soffice)");
    println!("cargo::rerun-if-env-changed=PATH");
    for dir in ["/usr/bin", "/usr/local/bin"] {
        if std::path::Path::new(dir).is_dir() {
            println!("cargo::rerun-if-changed={dir}");
        }
    }
    for (program, cfg) in [("chromedriver", "has_chromedriver"), ("soffice", "has_soffice")] {
        let found = std::env::var_os("PATH")
            .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()));
        if found {
            println!("cargo::rustc-cfg={cfg}");
        }
    }
}
