//! Tells the tests whether a WebDriver for Chromium is installed, so that
//! the real-browser test of `serve` runs where it can and is reported as
//! ignored, by name, where it cannot (`.ci/run` installs it when it can).

fn main() {
    println!("cargo::rustc-check-cfg=cfg(has_chromedriver)");
    println!("cargo::rerun-if-env-changed=PATH");
    let found = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join("chromedriver").is_file()));
    for dir in ["/usr/bin", "/usr/local/bin"] {
        if std::path::Path::new(dir).is_dir() {
            println!("cargo::rerun-if-changed={dir}");
        }
    }
    if found {
        println!("cargo::rustc-cfg=has_chromedriver");
    }
}
