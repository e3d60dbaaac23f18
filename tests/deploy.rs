//! The recipes of `deploy/` run as written. Each test reads a recipe, takes
//! out its `ilo-report` command lines, replaces the orchestrator's variables
//! and paths by a generated inbox and temporary folders, runs them (no
//! shell), and checks what SPEC §6 "Shards" and README "Scale-out" promise:
//! every shard succeeds, each host's reports are built by exactly one shard,
//! shards write no annual summary, and `annual --from` over the shards gives
//! the annual summary of one full build, byte for byte.

use serde::Deserialize;
use serde_yaml_ng::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::iter::Peekable;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::str::Chars;
use std::sync::OnceLock;

const BIN: &str = env!("CARGO_BIN_EXE_ilo-report");
/// The same SOURCE_DATE_EPOCH for every run (2026-01-01T00:00:00Z).
const EPOCH: &str = "1767225600";

unsafe extern "C" {
    /// umask(2) of the C library: sets the file mode creation mask, cannot
    /// fail, and is async-signal-safe (callable between fork and exec).
    safe fn umask(mask: u32) -> u32;
}

fn deploy_file(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy").join(rel)
}

fn read_recipe(rel: &str) -> String {
    let path = deploy_file(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn path_str(path: &Path) -> String {
    path.to_str()
        .unwrap_or_else(|| panic!("not UTF-8: {}", path.display()))
        .to_string()
}

// ---------------------------------------------------------------------------
// Running ilo-report

/// The command for an argv whose program is `ilo-report` (on the PATH, as
/// the recipes call it) or already the binary under test.
fn command(argv: &[String]) -> Command {
    let program = argv.first().map(String::as_str).unwrap_or_default();
    assert!(
        program == "ilo-report" || program == BIN,
        "not an ilo-report command line: {argv:?}"
    );
    let mut command = Command::new(BIN);
    command
        .args(&argv[1..])
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .stdin(Stdio::null());
    command
}

fn output_of(argv: &[String], mut command: Command) -> Output {
    command
        .output()
        .unwrap_or_else(|e| panic!("cannot run `{}`: {e}", argv.join(" ")))
}

fn assert_succeeded(what: &str, argv: &[String], output: &Output) {
    assert!(
        output.status.success(),
        "{what}: `{}` ended with {}\n--- stderr ---\n{}",
        argv.join(" "),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The values given to `flag` (`--flag VALUE` or `--flag=VALUE`), in order.
fn flag_values<'a>(argv: &'a [String], flag: &str) -> Vec<&'a str> {
    let mut values = Vec::new();
    let mut args = argv.iter();
    while let Some(arg) = args.next() {
        if arg == flag {
            values.extend(args.next().map(String::as_str));
        } else if let Some(value) = arg.strip_prefix(flag).and_then(|rest| rest.strip_prefix('=')) {
            values.push(value);
        }
    }
    values
}

fn single_flag<'a>(argv: &'a [String], flag: &str) -> &'a str {
    let values = flag_values(argv, flag);
    assert_eq!(values.len(), 1, "`{}`: expected {flag} once", argv.join(" "));
    values[0]
}

/// Replaces a path of the recipe's world (`/data/out/shard-0`) by the same
/// path under the folder standing for it in the test.
fn map_path(arg: &str, mapping: &[(&str, &Path)]) -> String {
    for (prefix, target) in mapping {
        if let Some(rest) = arg.strip_prefix(prefix)
            && (rest.is_empty() || rest.starts_with('/'))
        {
            return format!("{}{rest}", path_str(target));
        }
    }
    arg.to_string()
}

// ---------------------------------------------------------------------------
// Files

/// Every file and folder under `root` (not `root` itself).
fn walk(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries = std::fs::read_dir(&folder).unwrap_or_else(|e| panic!("cannot list {}: {e}", folder.display()));
        for entry in entries {
            let path = entry
                .unwrap_or_else(|e| panic!("cannot list {}: {e}", folder.display()))
                .path();
            if path.symlink_metadata().is_ok_and(|m| m.is_dir()) {
                folders.push(path.clone());
            }
            found.push(path);
        }
    }
    found.sort();
    found
}

/// The files under `root` whose relative path passes `keep`, with their bytes.
fn files_under(root: &Path, keep: impl Fn(&str) -> bool) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for path in walk(root) {
        let rel = path
            .strip_prefix(root)
            .expect("under the root")
            .to_string_lossy()
            .into_owned();
        if path.is_file() && keep(&rel) {
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            files.insert(rel, bytes);
        }
    }
    files
}

/// `2025-H1/MA_2025-H1.json`: a semester report's JSON in an output folder.
fn is_semester_report(rel: &str) -> bool {
    let Some((semester, name)) = rel.split_once('/') else {
        return false;
    };
    let semester_ok = semester.len() == 7
        && semester.is_ascii()
        && semester[..4].bytes().all(|b| b.is_ascii_digit())
        && matches!(&semester[4..], "-H1" | "-H2");
    semester_ok
        && name
            .strip_suffix(&format!("_{semester}.json"))
            .is_some_and(|host| !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn semester_reports(out: &Path) -> BTreeMap<String, Vec<u8>> {
    files_under(out, is_semester_report)
}

/// The annual summaries (JSON) of an output folder, by file name.
fn annual_summaries(out: &Path) -> BTreeMap<String, Vec<u8>> {
    let folder = out.join("annual");
    assert!(folder.is_dir(), "no annual/ folder in {}", out.display());
    files_under(&folder, |rel| !rel.contains('/') && rel.ends_with(".json"))
}

fn assert_same_files(what: &str, got: &BTreeMap<String, Vec<u8>>, expected: &BTreeMap<String, Vec<u8>>) {
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "{what}: not the files of the full build"
    );
    for (name, bytes) in expected {
        let other = &got[name];
        let from = bytes
            .iter()
            .zip(other)
            .position(|(a, b)| a != b)
            .unwrap_or(bytes.len().min(other.len()));
        assert!(
            other == bytes,
            "{what}: {name} differs from the full build's from byte {from} ({} bytes, the full build's {})",
            other.len(),
            bytes.len()
        );
    }
}

// ---------------------------------------------------------------------------
// The inbox and one full build of it

/// Writes the small synthetic inbox of these tests into `dir/inbox`.
fn generate_inbox(dir: &Path) -> PathBuf {
    let inbox = dir.join("inbox");
    let mut argv: Vec<String> = [
        "ilo-report",
        "generate",
        "--member-states",
        "3",
        "--hosts",
        "5",
        "--year",
        "2025",
    ]
    .into_iter()
    .chain(["--seed", "7", "--out"])
    .map(String::from)
    .collect();
    argv.push(path_str(&inbox));
    let output = output_of(&argv, command(&argv));
    assert_succeeded("generating the inbox", &argv, &output);
    inbox
}

/// What one full `ilo-report build` of the inbox gives.
struct Reference {
    /// The inbox it read, file by file.
    inbox: BTreeMap<String, Vec<u8>>,
    /// Its semester reports, e.g. `2025-H1/MA_2025-H1.json`.
    reports: BTreeMap<String, Vec<u8>>,
    /// Its annual summaries, e.g. `annual-summary_2025.json`.
    annual: BTreeMap<String, Vec<u8>>,
}

/// Built once for all tests (its folder removed at once: only bytes are kept).
fn reference() -> &'static Reference {
    static REFERENCE: OnceLock<Reference> = OnceLock::new();
    REFERENCE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let inbox = generate_inbox(dir.path());
        let out = dir.path().join("full");
        let argv = vec![
            "ilo-report".into(),
            "build".into(),
            path_str(&inbox),
            "--out".into(),
            path_str(&out),
        ];
        let output = output_of(&argv, command(&argv));
        assert_succeeded("the full build", &argv, &output);
        let reference = Reference {
            inbox: files_under(&inbox, |_| true),
            reports: semester_reports(&out),
            annual: annual_summaries(&out),
        };
        assert!(
            reference.reports.len() >= 2 && !reference.annual.is_empty(),
            "the full build wrote too little: {:?}",
            walk(&out)
        );
        reference
    })
}

/// Generates the inbox into `dir/inbox` and checks that it is, byte for
/// byte, the one the reference build read.
fn same_inbox_as_reference(dir: &Path) -> PathBuf {
    let inbox = generate_inbox(dir);
    let files = files_under(&inbox, |_| true);
    let expected = &reference().inbox;
    let differing: BTreeSet<&String> = expected
        .keys()
        .chain(files.keys())
        .filter(|name| files.get(*name) != expected.get(*name))
        .collect();
    assert!(
        differing.is_empty(),
        "`generate --seed 7` wrote another inbox this time: {differing:?}"
    );
    inbox
}

// ---------------------------------------------------------------------------
// Shards, then `annual --from`

/// A sharded recipe with its variables replaced: the command line of every
/// shard in index order, and the annual step's.
struct ShardedRun {
    recipe: &'static str,
    shards: Vec<Vec<String>>,
    annual: Vec<String>,
}

fn check_sharded_run(run: ShardedRun) {
    let ShardedRun { recipe, shards, annual } = run;
    let n = shards.len();
    assert!(n >= 2, "{recipe}: {n} shard(s)");
    for (k, argv) in shards.iter().enumerate() {
        assert_eq!(
            argv.get(1).map(String::as_str),
            Some("build"),
            "{recipe}: shard {k}: {argv:?}"
        );
        assert_eq!(
            single_flag(argv, "--shard"),
            format!("{k}/{n}"),
            "{recipe}: shard {k} of {n}"
        );
    }
    let outs: Vec<PathBuf> = shards
        .iter()
        .map(|argv| PathBuf::from(single_flag(argv, "--out")))
        .collect();
    assert_eq!(
        outs.iter().collect::<BTreeSet<_>>().len(),
        n,
        "{recipe}: shards share an output folder: {outs:?}"
    );

    // All shards at once, as the orchestrator runs them.
    let children: Vec<_> = shards
        .iter()
        .map(|argv| {
            let mut command = command(argv);
            command.stdout(Stdio::piped()).stderr(Stdio::piped());
            command
                .spawn()
                .unwrap_or_else(|e| panic!("cannot run `{}`: {e}", argv.join(" ")))
        })
        .collect();
    let outputs: Vec<Output> = children
        .into_iter()
        .map(|child| child.wait_with_output().expect("the shard's output"))
        .collect();
    for (k, (argv, output)) in shards.iter().zip(&outputs).enumerate() {
        assert_succeeded(&format!("{recipe}: shard {k}"), argv, output);
    }

    let reference = reference();
    let mut busy = 0;
    for (k, out) in outs.iter().enumerate() {
        assert!(
            out.join("manifest.json").is_file(),
            "{recipe}: shard {k} wrote no manifest.json: {:?}",
            walk(out)
        );
        assert!(
            !out.join("annual").exists(),
            "{recipe}: shard {k} wrote an annual/ folder: {:?}",
            walk(out)
        );
        let reports = semester_reports(out);
        let unknown: Vec<&String> = reports
            .keys()
            .filter(|name| !reference.reports.contains_key(*name))
            .collect();
        assert!(
            unknown.is_empty(),
            "{recipe}: shard {k} built reports the full build did not: {unknown:?}"
        );
        busy += usize::from(!reports.is_empty());
    }
    for (name, bytes) in &reference.reports {
        let holders: Vec<usize> = (0..n).filter(|&k| outs[k].join(name).is_file()).collect();
        assert_eq!(
            holders.len(),
            1,
            "{recipe}: {name} is in shard(s) {holders:?}, not in exactly one"
        );
        let folder = &outs[holders[0]];
        let built = std::fs::read(folder.join(name)).expect("the shard's report");
        assert!(
            built == *bytes,
            "{recipe}: {name} of shard {} differs from the full build's",
            holders[0]
        );
        let pdf = folder.join(name.replace(".json", ".pdf"));
        assert!(pdf.is_file(), "{recipe}: no {} beside {name}", pdf.display());
    }
    assert!(
        busy >= 2,
        "{recipe}: only {busy} shard(s) got reports: nothing was split"
    );

    // The annual step reads every shard folder and no other.
    assert_eq!(
        annual.get(1).map(String::as_str),
        Some("annual"),
        "{recipe}: annual step: {annual:?}"
    );
    let from: BTreeSet<PathBuf> = flag_values(&annual, "--from").into_iter().map(PathBuf::from).collect();
    assert_eq!(
        from,
        outs.iter().cloned().collect::<BTreeSet<_>>(),
        "{recipe}: the annual step's --from folders are not the shards' output folders"
    );
    let output = output_of(&annual, command(&annual));
    assert_succeeded(&format!("{recipe}: annual step"), &annual, &output);
    let out = PathBuf::from(single_flag(&annual, "--out"));
    assert_same_files(
        &format!("{recipe}: annual summary"),
        &annual_summaries(&out),
        &reference.annual,
    );
}

// ---------------------------------------------------------------------------
// Kubernetes

/// Every document of every YAML file of deploy/kubernetes/, with its file.
fn kubernetes_documents() -> Vec<(String, Value)> {
    let folder = deploy_file("kubernetes");
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", folder.display()))
        .map(|entry| {
            entry
                .expect("a folder entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".yaml") || name.ends_with(".yml"))
        .collect();
    names.sort();
    let mut documents = Vec::new();
    for name in names {
        let text = read_recipe(&format!("kubernetes/{name}"));
        for document in serde_yaml_ng::Deserializer::from_str(&text) {
            let value = Value::deserialize(document).unwrap_or_else(|e| panic!("{name}: not valid YAML: {e}"));
            if !value.is_null() {
                documents.push((name.clone(), value));
            }
        }
    }
    documents
}

/// The Indexed Job of the shards and the Job of the annual summary.
fn kubernetes_jobs(documents: &[(String, Value)]) -> (Value, Value) {
    let jobs: Vec<&Value> = documents
        .iter()
        .map(|(_, d)| d)
        .filter(|d| d["kind"].as_str() == Some("Job"))
        .collect();
    let (indexed, others): (Vec<&Value>, Vec<&Value>) = jobs
        .into_iter()
        .partition(|job| job["spec"]["completionMode"].as_str() == Some("Indexed"));
    assert_eq!(
        indexed.len(),
        1,
        "deploy/kubernetes: expected one Indexed Job (the shards)"
    );
    assert_eq!(
        others.len(),
        1,
        "deploy/kubernetes: expected one other Job (the annual summary)"
    );
    (indexed[0].clone(), others[0].clone())
}

fn job_name(job: &Value) -> &str {
    job["metadata"]["name"].as_str().unwrap_or("(unnamed Job)")
}

fn container(job: &Value) -> &Value {
    let containers = job["spec"]["template"]["spec"]["containers"].as_sequence();
    let containers = containers.unwrap_or_else(|| panic!("{}: no containers", job_name(job)));
    assert_eq!(containers.len(), 1, "{}: expected one container", job_name(job));
    &containers[0]
}

/// `command` then `args` of a container.
fn container_argv(container: &Value) -> Vec<String> {
    let mut argv = Vec::new();
    for key in ["command", "args"] {
        let Some(items) = container[key].as_sequence() else {
            assert!(container[key].is_null(), "{key}: not a list");
            continue;
        };
        argv.extend(items.iter().map(|item| {
            item.as_str()
                .unwrap_or_else(|| panic!("{key}: {item:?} is not a string (Kubernetes wants strings)"))
                .to_string()
        }));
    }
    argv
}

/// A container's command line as it runs in pod `index` of the Job, with
/// the volumes' paths replaced by the test's folders.
fn kubernetes_argv(argv: &[String], index: Option<usize>, inbox: &Path, out: &Path) -> Vec<String> {
    argv.iter()
        .map(|arg| {
            let arg = match index {
                Some(k) => arg.replace("$(JOB_COMPLETION_INDEX)", &k.to_string()),
                None => arg.clone(),
            };
            // Kubernetes leaves $(NAME) as is when NAME is not declared.
            assert!(
                !arg.contains("$("),
                "{arg:?}: a variable Kubernetes would not replace here"
            );
            let arg = map_path(&arg, &[("/data/inbox", inbox), ("/data/out", out)]);
            assert!(!arg.starts_with("/data"), "{arg}: a path on no volume the test knows");
            arg
        })
        .collect()
}

#[test]
fn kubernetes_indexed_job_then_annual_job_give_the_full_builds_annual_summary() {
    let (shards_job, annual_job) = kubernetes_jobs(&kubernetes_documents());
    let completions = shards_job["spec"]["completions"]
        .as_u64()
        .expect("spec.completions: a number");
    let parallelism = shards_job["spec"]["parallelism"]
        .as_u64()
        .expect("spec.parallelism: a number");
    assert!(
        (1..=completions).contains(&parallelism),
        "parallelism {parallelism}, completions {completions}"
    );

    let dir = tempfile::tempdir().expect("a temporary folder");
    let inbox = same_inbox_as_reference(dir.path());
    let out = dir.path().join("data-out");
    std::fs::create_dir_all(&out).expect("the output volume");
    let shard_argv = container_argv(container(&shards_job));
    let shards = (0..completions as usize)
        .map(|k| kubernetes_argv(&shard_argv, Some(k), &inbox, &out))
        .collect();
    let annual = kubernetes_argv(&container_argv(container(&annual_job)), None, &inbox, &out);
    check_sharded_run(ShardedRun {
        recipe: "deploy/kubernetes",
        shards,
        annual,
    });
}

#[test]
fn kubernetes_jobs_run_as_non_root_on_a_read_only_root_and_use_only_their_volumes() {
    let documents = kubernetes_documents();
    let claims: BTreeSet<&str> = documents
        .iter()
        .filter(|(_, d)| d["kind"].as_str() == Some("PersistentVolumeClaim"))
        .filter_map(|(_, d)| d["metadata"]["name"].as_str())
        .collect();
    let (shards_job, annual_job) = kubernetes_jobs(&documents);

    // The index comes from the Job controller (the pod's annotation).
    let env = container(&shards_job)["env"].as_sequence().cloned().unwrap_or_default();
    let index = env.iter().find(|e| e["name"].as_str() == Some("JOB_COMPLETION_INDEX"));
    assert_eq!(
        index.and_then(|e| e["valueFrom"]["fieldRef"]["fieldPath"].as_str()),
        Some("metadata.annotations['batch.kubernetes.io/job-completion-index']"),
        "the shards' container does not declare JOB_COMPLETION_INDEX from the completion index"
    );

    for job in [&shards_job, &annual_job] {
        let name = job_name(job);
        let pod = &job["spec"]["template"]["spec"];
        assert_eq!(pod["restartPolicy"].as_str(), Some("Never"), "{name}: restartPolicy");
        assert_eq!(
            pod["securityContext"]["runAsNonRoot"].as_bool(),
            Some(true),
            "{name}: runAsNonRoot"
        );
        let uid = pod["securityContext"]["runAsUser"].as_u64();
        assert!(uid.is_some_and(|uid| uid != 0), "{name}: runAsUser {uid:?}");
        let c = container(job);
        let security = &c["securityContext"];
        assert_eq!(
            security["readOnlyRootFilesystem"].as_bool(),
            Some(true),
            "{name}: readOnlyRootFilesystem"
        );
        assert_eq!(
            security["allowPrivilegeEscalation"].as_bool(),
            Some(false),
            "{name}: allowPrivilegeEscalation"
        );
        let dropped = security["capabilities"]["drop"]
            .as_sequence()
            .cloned()
            .unwrap_or_default();
        assert!(
            dropped.iter().any(|cap| cap.as_str() == Some("ALL")),
            "{name}: capabilities not all dropped"
        );
        for (kind, key) in [("requests", "cpu"), ("requests", "memory"), ("limits", "memory")] {
            assert!(
                !c["resources"][kind][key].is_null(),
                "{name}: no resources.{kind}.{key}"
            );
        }
        assert!(
            c["image"].as_str().is_some_and(|image| !image.is_empty()),
            "{name}: no image"
        );

        // Every volume is a claim of 00-storage.yaml; every mount a volume.
        let volumes: BTreeMap<&str, &str> = pod["volumes"]
            .as_sequence()
            .map(|v| v.iter().collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .map(|v| {
                (
                    v["name"].as_str().unwrap_or_default(),
                    v["persistentVolumeClaim"]["claimName"].as_str().unwrap_or_default(),
                )
            })
            .collect();
        for (volume, claim) in &volumes {
            assert!(
                claims.contains(claim),
                "{name}: volume {volume} claims {claim:?}, not a claim of deploy/kubernetes"
            );
        }
        let mounts: Vec<(&str, bool)> = c["volumeMounts"]
            .as_sequence()
            .map(|m| m.iter().collect::<Vec<_>>())
            .unwrap_or_default()
            .into_iter()
            .map(|m| {
                let volume = m["name"].as_str().unwrap_or_default();
                assert!(
                    volumes.contains_key(volume),
                    "{name}: mount of an unknown volume {volume:?}"
                );
                (
                    m["mountPath"].as_str().unwrap_or_default(),
                    m["readOnly"].as_bool().unwrap_or(false),
                )
            })
            .collect();
        let mount_of = |path: &str| {
            mounts
                .iter()
                .find(|(mount, _)| path == *mount || path.starts_with(&format!("{mount}/")))
                .copied()
        };

        // The root is read-only: every path the command names is on a
        // volume, the output on a writable one, the inbox on a read-only one.
        let argv = container_argv(c);
        for arg in argv.iter().skip(1).filter(|arg| arg.starts_with('/')) {
            assert!(
                mount_of(arg).is_some(),
                "{name}: {arg} is on no volume (the root file system is read-only)"
            );
        }
        let out = single_flag(&argv, "--out");
        assert_eq!(
            mount_of(out).map(|(_, read_only)| read_only),
            Some(false),
            "{name}: --out {out} not writable"
        );
        if let Some(mount) = mount_of("/data/inbox") {
            assert!(mount.1, "{name}: the inbox is mounted writable");
        }
    }
}

// ---------------------------------------------------------------------------
// Slurm

/// A batch script, read as bash and sbatch would for the few forms the
/// recipes use (anything else fails the test).
struct BatchScript {
    rel: &'static str,
    text: String,
    /// The text after `#SBATCH`, in order.
    directives: Vec<String>,
    /// `#SBATCH` lines after the first command: sbatch ignores them.
    ignored_directives: Vec<String>,
    /// `NAME=${NAME:-default}`.
    defaults: BTreeMap<String, String>,
    /// The `ilo-report ...` lines (after `srun` or `exec`), continuations joined.
    commands: Vec<String>,
}

fn is_shell_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn batch_script(rel: &'static str) -> BatchScript {
    let text = read_recipe(rel);
    let mut script = BatchScript {
        rel,
        text: text.clone(),
        directives: Vec::new(),
        ignored_directives: Vec::new(),
        defaults: BTreeMap::new(),
        commands: Vec::new(),
    };
    let mut in_header = true;
    for line in text.replace("\\\n", " ").lines() {
        let line = line.trim();
        if let Some(directive) = line.strip_prefix("#SBATCH") {
            let list = if in_header {
                &mut script.directives
            } else {
                &mut script.ignored_directives
            };
            list.push(directive.trim().to_string());
            continue;
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        in_header = false;
        if let Some((name, value)) = line.split_once('=')
            && is_shell_name(name)
        {
            let default = value
                .strip_prefix(&format!("${{{name}:-"))
                .and_then(|v| v.strip_suffix('}'));
            let default = default.unwrap_or_else(|| panic!("{rel}: {line}: set variables as NAME=${{NAME:-default}}"));
            script.defaults.insert(name.to_string(), default.to_string());
            continue;
        }
        let mut words = line;
        for prefix in ["srun ", "exec "] {
            if let Some(rest) = words.strip_prefix(prefix) {
                words = rest.trim_start();
            }
        }
        if words.starts_with("ilo-report ") {
            script.commands.push(words.to_string());
        }
    }
    script
}

/// The task ids of `#SBATCH --array=...` (`0-3`, `0,2,5-7`, `0-15:2%4`).
fn array_indices(script: &BatchScript) -> Vec<usize> {
    let specs: Vec<&str> = script
        .directives
        .iter()
        .filter_map(|d| d.split_whitespace().next().and_then(|d| d.strip_prefix("--array=")))
        .collect();
    assert_eq!(specs.len(), 1, "{}: expected one #SBATCH --array=...", script.rel);
    let spec = specs[0].split('%').next().unwrap_or_default();
    let number = |text: &str| -> usize {
        text.parse()
            .unwrap_or_else(|_| panic!("{}: --array={spec}: {text:?} is not a number", script.rel))
    };
    let mut indices = BTreeSet::new();
    for part in spec.split(',') {
        let (range, step) = part.split_once(':').unwrap_or((part, "1"));
        let (first, last) = range.split_once('-').unwrap_or((range, range));
        let (first, last, step) = (number(first), number(last), number(step));
        assert!(first <= last && step > 0, "{}: --array={spec}", script.rel);
        indices.extend((first..=last).step_by(step));
    }
    indices.into_iter().collect()
}

/// Splits a simple bash command line into words, replacing `$NAME` and
/// `${NAME}` from `vars` as bash would. No globbing, no command
/// substitution, no operators: the recipes use none, so any of them fails.
fn shell_words(line: &str, vars: &BTreeMap<&str, String>) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => panic!("{line}: unterminated '"),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('$') => word.push_str(&expand(&mut chars, vars, line)),
                        Some('\\') => match chars.next() {
                            Some(c @ ('$' | '"' | '\\' | '`')) => word.push(c),
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => panic!("{line}: unterminated \""),
                        },
                        Some('`') => panic!("{line}: command substitution"),
                        Some(c) => word.push(c),
                        None => panic!("{line}: unterminated \""),
                    }
                }
            }
            '$' => {
                in_word = true;
                let value = expand(&mut chars, vars, line);
                assert!(
                    !value.contains(char::is_whitespace),
                    "{line}: an unquoted variable with blanks is split"
                );
                word.push_str(&value);
            }
            '\\' => {
                in_word = true;
                word.extend(chars.next());
            }
            '*' | '?' | '[' | '`' | ';' | '|' | '&' | '<' | '>' | '(' | ')' | '{' | '}' | '~' => {
                panic!("{line}: {c:?} is shell syntax this test does not interpret")
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// The value of the variable after a `$`: `NAME` or `{NAME}`.
fn expand(chars: &mut Peekable<Chars>, vars: &BTreeMap<&str, String>, line: &str) -> String {
    let braced = chars.next_if_eq(&'{').is_some();
    let mut name = String::new();
    while let Some(c) = chars.next_if(|c| c.is_ascii_alphanumeric() || *c == '_') {
        name.push(c);
    }
    if braced {
        assert_eq!(chars.next(), Some('}'), "{line}: only ${{NAME}} is interpreted");
    }
    assert!(is_shell_name(&name), "{line}: a $ this test does not interpret");
    let value = vars.get(name.as_str());
    value
        .cloned()
        .unwrap_or_else(|| panic!("{line}: ${name} is not set here (set: {:?})", vars.keys()))
}

#[test]
fn slurm_array_job_then_dependent_annual_job_give_the_full_builds_annual_summary() {
    let shards_script = batch_script("slurm/ilo-report-shards.sbatch");
    let annual_script = batch_script("slurm/ilo-report-annual.sbatch");
    let indices = array_indices(&shards_script);
    let n = indices.len();
    assert_eq!(
        indices,
        (0..n).collect::<Vec<_>>(),
        "--array must run from 0 to N-1: --shard K/N"
    );
    assert_eq!(
        shards_script.commands.len(),
        1,
        "{}: {:?}",
        shards_script.rel,
        shards_script.commands
    );
    assert_eq!(
        annual_script.commands.len(),
        1,
        "{}: {:?}",
        annual_script.rel,
        annual_script.commands
    );

    let dir = tempfile::tempdir().expect("a temporary folder");
    let inbox = same_inbox_as_reference(dir.path());
    let out = dir.path().join("shards");
    // As `sbatch --export=ALL,INBOX=...,OUT=...`: the environment wins over the defaults.
    let vars = |task: Option<usize>| {
        let mut vars = BTreeMap::from([("INBOX", path_str(&inbox)), ("OUT", path_str(&out))]);
        if let Some(k) = task {
            vars.insert("SLURM_ARRAY_TASK_ID", k.to_string());
            vars.insert("SLURM_ARRAY_TASK_COUNT", n.to_string());
        }
        vars
    };
    let shards = indices
        .iter()
        .map(|&k| shell_words(&shards_script.commands[0], &vars(Some(k))))
        .collect();
    let annual = shell_words(&annual_script.commands[0], &vars(None));
    check_sharded_run(ShardedRun {
        recipe: "deploy/slurm",
        shards,
        annual,
    });
}

#[test]
fn slurm_scripts_share_inbox_and_out_defaults_and_show_the_dependency() {
    let shards = batch_script("slurm/ilo-report-shards.sbatch");
    let annual = batch_script("slurm/ilo-report-annual.sbatch");
    let submit = "sbatch --dependency=afterok:$(sbatch --parsable ilo-report-shards.sbatch) ilo-report-annual.sbatch";
    for script in [&shards, &annual] {
        let rel = script.rel;
        assert!(script.text.starts_with("#!/bin/bash\n"), "{rel}: not a bash script");
        assert!(
            script.ignored_directives.is_empty(),
            "{rel}: sbatch ignores #SBATCH after the first command"
        );
        assert!(
            script.text.lines().any(|l| l.trim() == "set -euo pipefail"),
            "{rel}: no `set -euo pipefail`"
        );
        assert!(
            script.text.contains(submit),
            "{rel}: the comments do not show `{submit}`"
        );
        for name in ["INBOX", "OUT"] {
            let default = script.defaults.get(name);
            assert!(
                default.is_some_and(|d| d.starts_with('/')),
                "{rel}: no {name}=${{{name}:-/absolute/path}}"
            );
        }
    }
    assert_eq!(shards.defaults, annual.defaults, "the two scripts' defaults differ");
    assert!(
        !annual
            .directives
            .iter()
            .any(|d| d.starts_with("--array") || d.starts_with("-a")),
        "the annual step is no array job"
    );
    // With the defaults, the annual step reads what the shards write.
    let n = array_indices(&shards).len();
    let defaults: BTreeMap<&str, String> = shards.defaults.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    let mut shard_outs = BTreeSet::new();
    for k in 0..n {
        let mut vars = defaults.clone();
        vars.insert("SLURM_ARRAY_TASK_ID", k.to_string());
        vars.insert("SLURM_ARRAY_TASK_COUNT", n.to_string());
        let argv = shell_words(shards.commands.first().map(String::as_str).unwrap_or_default(), &vars);
        shard_outs.insert(single_flag(&argv, "--out").to_string());
    }
    let argv = shell_words(
        annual.commands.first().map(String::as_str).unwrap_or_default(),
        &defaults,
    );
    let from: BTreeSet<String> = flag_values(&argv, "--from").into_iter().map(String::from).collect();
    assert_eq!(
        from, shard_outs,
        "with the defaults, the annual step does not read the shards' folders"
    );
}

// ---------------------------------------------------------------------------
// systemd

/// A unit file: section → (key, value) in order (keys may repeat).
type Unit = BTreeMap<String, Vec<(String, String)>>;

fn unit_file(rel: &'static str) -> Unit {
    let text = read_recipe(rel);
    let mut unit = Unit::new();
    let mut section: Option<String> = None;
    for line in text.replace("\\\n", " ").lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = Some(name.to_string());
            unit.entry(name.to_string()).or_default();
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .unwrap_or_else(|| panic!("{rel}: {line}: not KEY=VALUE"));
        let section = section
            .as_ref()
            .unwrap_or_else(|| panic!("{rel}: {line}: before any [Section]"));
        unit.entry(section.clone())
            .or_default()
            .push((key.trim().to_string(), value.trim().to_string()));
    }
    unit
}

fn unit_values<'a>(unit: &'a Unit, section: &str, key: &str) -> Vec<&'a str> {
    let entries = unit.get(section).map(Vec::as_slice).unwrap_or_default();
    entries
        .iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .collect()
}

fn unit_value<'a>(unit: &'a Unit, section: &str, key: &str) -> &'a str {
    let values = unit_values(unit, section, key);
    assert_eq!(
        values.len(),
        1,
        "[{section}] {key}= is set {} time(s), not once",
        values.len()
    );
    values[0]
}

fn yes(value: &str) -> bool {
    matches!(value, "yes" | "true" | "on" | "1")
}

/// ExecStart= split into words (no variables, no specifiers, no prefix).
fn exec_start(service: &Unit) -> Vec<String> {
    let line = unit_value(service, "Service", "ExecStart");
    assert!(
        line.starts_with('/'),
        "ExecStart={line}: expected an absolute program, without prefix"
    );
    assert!(
        !line.contains('%'),
        "ExecStart={line}: specifiers this test does not interpret"
    );
    shell_words(line, &BTreeMap::new())
}

/// `*-*-* HH:MM[:SS]`: every day at that time.
fn is_daily_time(calendar: &str) -> bool {
    let Some(time) = calendar.strip_prefix("*-*-* ") else {
        return false;
    };
    let parts: Vec<Option<u32>> = time
        .split(':')
        .map(|p| p.parse().ok().filter(|_| p.len() == 2))
        .collect();
    match parts.as_slice() {
        [Some(h), Some(m)] => *h < 24 && *m < 60,
        [Some(h), Some(m), Some(s)] => *h < 24 && *m < 60 && *s < 60,
        _ => false,
    }
}

#[test]
fn systemd_service_is_a_hardened_oneshot_full_build_and_the_timer_runs_it_daily() {
    let service = unit_file("systemd/ilo-report.service");
    assert_eq!(unit_value(&service, "Service", "Type"), "oneshot");
    assert_eq!(unit_value(&service, "Service", "UMask"), "0022");
    let user = unit_value(&service, "Service", "User");
    assert!(
        !user.is_empty() && user != "root" && user != "0",
        "User={user}: a dedicated user"
    );
    for key in ["NoNewPrivileges", "PrivateTmp", "ProtectHome", "PrivateDevices"] {
        assert!(yes(unit_value(&service, "Service", key)), "{key}= is not yes");
    }
    assert_eq!(unit_value(&service, "Service", "ProtectSystem"), "strict");

    let argv = exec_start(&service);
    assert_eq!(
        argv.get(..2),
        Some(&["/usr/local/bin/ilo-report".to_string(), "build".to_string()][..])
    );
    for flag in ["--shard", "--hosts", "--semester"] {
        assert!(
            flag_values(&argv, flag).is_empty(),
            "ExecStart has {flag}: no annual summary then"
        );
    }
    assert!(
        argv.iter().any(|a| a == "--quiet" || a == "-q"),
        "ExecStart without --quiet"
    );
    let wait = flag_values(&argv, "--wait");
    assert!(
        wait.first().is_some_and(|w| w.parse::<u64>().is_ok_and(|w| w > 0)),
        "ExecStart: --wait {wait:?}"
    );
    // ProtectSystem=strict leaves writable only ReadWritePaths=: --out must be one.
    let out = single_flag(&argv, "--out");
    let writable: Vec<&str> = unit_values(&service, "Service", "ReadWritePaths")
        .into_iter()
        .flat_map(str::split_whitespace)
        .map(|path| path.trim_start_matches(['-', '+']))
        .collect();
    assert!(
        writable.iter().any(|w| out == *w || out.starts_with(&format!("{w}/"))),
        "--out {out} is not under ReadWritePaths {writable:?}"
    );

    let timer = unit_file("systemd/ilo-report.timer");
    let calendar = unit_value(&timer, "Timer", "OnCalendar");
    assert!(is_daily_time(calendar), "OnCalendar={calendar}: expected *-*-* HH:MM");
    assert!(yes(unit_value(&timer, "Timer", "Persistent")), "Persistent= is not yes");
    let unit = unit_value(&timer, "Timer", "Unit");
    assert_eq!(unit, "ilo-report.service");
    assert!(
        deploy_file("systemd").join(unit).is_file(),
        "Unit={unit}: no such file beside the timer"
    );
    assert_eq!(unit_value(&timer, "Install", "WantedBy"), "timers.target");
}

#[test]
fn systemd_exec_start_builds_everything_and_its_files_follow_the_units_umask() {
    let service = unit_file("systemd/ilo-report.service");
    let umask_text = unit_value(&service, "Service", "UMask");
    let mask = u32::from_str_radix(umask_text, 8).unwrap_or_else(|_| panic!("UMask={umask_text}: not octal"));

    let dir = tempfile::tempdir().expect("a temporary folder");
    let inbox = same_inbox_as_reference(dir.path());
    let out = dir.path().join("srv-ilo-out");
    let argv: Vec<String> = exec_start(&service)
        .iter()
        .map(|arg| match arg.as_str() {
            "/usr/local/bin/ilo-report" => BIN.to_string(),
            _ => map_path(arg, &[("/srv/ilo/inbox", &inbox), ("/srv/ilo/out", &out)]),
        })
        .collect();
    for arg in &argv[1..] {
        assert!(
            !arg.starts_with("/srv/"),
            "{arg}: a path of the unit this test does not map"
        );
    }
    let mut command = command(&argv);
    // systemd sets UMask= for the service; do the same for the child.
    // SAFETY: umask(2) is async-signal-safe and touches no memory.
    unsafe {
        command.pre_exec(move || {
            umask(mask);
            Ok(())
        });
    }
    let output = output_of(&argv, command);
    assert_succeeded("ExecStart", &argv, &output);
    assert!(
        output.stdout.is_empty() && output.stderr.is_empty(),
        "--quiet, yet the journal would get:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );

    for name in ["manifest.json", "validation.json"] {
        assert!(out.join(name).is_file(), "no {name} in {:?}", walk(&out));
    }
    let reference = reference();
    assert_same_files(
        "the service's annual summary",
        &annual_summaries(&out),
        &reference.annual,
    );
    assert_same_files(
        "the service's semester reports",
        &semester_reports(&out),
        &reference.reports,
    );

    let (file_mode, folder_mode) = (0o666 & !mask, 0o777 & !mask);
    let wrong: Vec<String> = walk(&out)
        .into_iter()
        .filter_map(|path| {
            let meta = path.symlink_metadata().expect("the file's metadata");
            let mode = meta.permissions().mode() & 0o777;
            let expected = if meta.is_dir() { folder_mode } else { file_mode };
            (mode != expected).then(|| format!("{} {mode:o} (expected {expected:o})", path.display()))
        })
        .collect();
    assert!(wrong.is_empty(), "UMask={umask_text}: {wrong:#?}");
    assert!(
        file_mode == 0o644,
        "UMask={umask_text}: files {file_mode:o}, not 644 (readable by all)"
    );
}
