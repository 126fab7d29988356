//! The lesson file format (documented for authors in `lessons/README.md`). Structure is written
//! once; only `Text` values carry the two languages.

use super::check::{Check, Predicate};
use crate::engine::time::SimDuration;
use crate::manifest::tree;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A UI language of lessons.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    En,
    ZhCn,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// The BCP 47 tag used in lesson files and URLs.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "en" => Some(Lang::En),
            "zh-CN" | "zh" | "zh-cn" => Some(Lang::ZhCn),
            _ => None,
        }
    }
}

/// Words in both languages. A missing language is a verify error; at run time it falls back to
/// English.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    #[serde(default)]
    pub en: Option<String>,
    #[serde(default, rename = "zh-CN")]
    pub zh_cn: Option<String>,
}

impl Text {
    pub fn new(en: &str, zh_cn: &str) -> Text {
        Text { en: Some(en.to_string()), zh_cn: Some(zh_cn.to_string()) }
    }

    /// The text in `lang`, or English when that translation is missing.
    pub fn get(&self, lang: Lang) -> &str {
        let own = match lang {
            Lang::En => self.en.as_deref(),
            Lang::ZhCn => self.zh_cn.as_deref(),
        };
        own.filter(|s| !s.trim().is_empty()).or(self.en.as_deref()).unwrap_or("")
    }

    /// The text in exactly `lang`, if present and not blank.
    pub fn exact(&self, lang: Lang) -> Option<&str> {
        match lang {
            Lang::En => self.en.as_deref(),
            Lang::ZhCn => self.zh_cn.as_deref(),
        }
        .filter(|s| !s.trim().is_empty())
    }
}

/// One lesson file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// Stable slug: the file name without `.yaml`, the URL key and the progress key.
    pub id: String,
    pub title: Text,
    pub summary: Text,
    /// Estimated time for a learner, e.g. "about 5 minutes" / "约 5 分钟".
    pub estimate: Text,
    /// Which seed notes (`shared/seeds/NNN_*`) the lesson follows, e.g. `["000", "001"]`.
    #[serde(default)]
    pub seeds: Vec<String>,
    #[serde(default)]
    pub cluster: ClusterSpec,
    /// Manifests by file name: `apply -f NAME` in a step reads them, and step text shows them
    /// with `{{file:NAME}}`.
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    pub steps: Vec<Step>,
    /// Shown when every step is done.
    #[serde(default)]
    pub finish: Option<Text>,
}

/// The cluster a lesson starts from.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterSpec {
    #[serde(default = "default_seed")]
    pub seed: u64,
    #[serde(default = "default_nodes")]
    pub nodes: usize,
    /// Files (keys of `files`) applied at t=0.
    #[serde(default)]
    pub manifests: Vec<String>,
    /// Commands run after the manifests, before step 1 (`sleep 30s` lets pods start).
    #[serde(default)]
    pub setup: Vec<String>,
}

fn default_seed() -> u64 {
    1
}
fn default_nodes() -> usize {
    3
}

impl Default for ClusterSpec {
    fn default() -> ClusterSpec {
        ClusterSpec { seed: 1, nodes: 3, manifests: Vec::new(), setup: Vec::new() }
    }
}

/// One step: what to do, how the cluster shows it is done, and help.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Stable step id (`#lesson=failover&step=power-off`).
    pub id: String,
    pub title: Text,
    /// Safe Markdown (see `markdown`), with `{{solution}}`, `{{solution:N}}`, `{{try:N}}`,
    /// `{{inspect:N}}` and
    /// `{{file:NAME}}` placeholders for every command and manifest it shows.
    pub text: Text,
    /// Commands that complete the step ("Show me" and `lesson verify` play them).
    pub solution: Vec<String>,
    /// Commands the text suggests for looking at the problem first (play and verify run them
    /// before the solution).
    #[serde(default)]
    pub inspect: Vec<String>,
    /// Commands the text suggests for looking at the result (play and verify run them once the
    /// step has passed).
    #[serde(default, rename = "try")]
    pub try_commands: Vec<String>,
    /// Cluster time the checks may take to pass after the solution, e.g. `7m`.
    pub budget: String,
    pub checks: Vec<Check>,
    /// Two or three hints, revealed one at a time.
    #[serde(default)]
    pub hints: Vec<Text>,
    /// Hints that fire once when a known mistake shows in the cluster.
    #[serde(default)]
    pub watch: Vec<WatchRule>,
}

impl Step {
    /// The budget as a duration (verify reports an unparsable one; this falls back to 10 min).
    pub fn budget(&self) -> SimDuration {
        SimDuration::parse(&self.budget).unwrap_or(SimDuration::from_secs(600))
    }
}

/// A diagnostic hint: when `when` becomes true during the step, show `hint` once.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WatchRule {
    pub id: String,
    #[serde(deserialize_with = "super::check::deserialize_predicate")]
    pub when: Predicate,
    pub hint: Text,
    /// Commands that make the mistake from the step's start; verify checks the rule fires.
    #[serde(default)]
    pub trigger: Vec<String>,
    /// Set when no trigger can be scripted; verify then only reports the rule as untested.
    #[serde(default)]
    pub untested: bool,
}

impl Lesson {
    /// Reads a lesson file. Like manifests (`manifest::tree`), the text is parsed into a YAML
    /// tree first and the lesson decoded from it, so the web app carries one YAML deserializer;
    /// errors read as serde_yaml's (`steps[1]: unknown field ..., at line 9 column 5`).
    pub fn parse(text: &str) -> Result<Lesson, String> {
        let value: serde_yaml::Value = crate::manifest::yaml::from_str(text).map_err(|e| e.to_string())?;
        crate::manifest::typed::from_tree(&value).map_err(|error| {
            // serde_yaml gives no position for a fault of the document as a whole.
            let node = error.node.as_ref().filter(|node| node.key || !node.segments.is_empty());
            match node.and_then(|node| tree::position(text, node)) {
                Some((line, column)) => format!("{error} at line {line} column {column}"),
                None => error.to_string(),
            }
        })
    }

    pub fn step(&self, id: &str) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }
}

// Decoding (`manifest::typed`: serde's derives gave the same values and errors).
use crate::manifest::tree::{Node as In, TreeError};
use crate::manifest::typed::{decode_struct, mapping, walk, Decode, Shape};

decode_struct! { Text "struct Text" deny;
    "en" en,
    "zh-CN" zh_cn,
}

decode_struct! { Lesson "struct Lesson" deny;
    "id" id required,
    "title" title required,
    "summary" summary required,
    "estimate" estimate required,
    "seeds" seeds,
    "cluster" cluster,
    "files" files,
    "steps" steps required,
    "finish" finish,
}

decode_struct! { Step "struct Step" deny;
    "id" id required,
    "title" title required,
    "text" text required,
    "solution" solution required,
    "inspect" inspect,
    "try" try_commands,
    "budget" budget required,
    "checks" checks required,
    "hints" hints,
    "watch" watch,
}

decode_struct! { WatchRule "struct WatchRule" deny;
    "id" id required,
    "when" when required => predicate,
    "hint" hint required,
    "trigger" trigger,
    "untested" untested,
}

/// A rule's predicate before the document gives it.
impl crate::manifest::typed::Init for Predicate {
    fn init() -> Predicate {
        Predicate::Pod(Default::default())
    }
}

/// `check::deserialize_predicate`.
fn predicate(node: In<'_, '_>) -> Result<Predicate, TreeError> {
    super::check::predicate_from_mapping(mapping(node)?).map_err(serde::de::Error::custom)
}

/// `#[serde(try_from = "serde_yaml::Mapping")]`.
impl Decode for Check {
    fn decode(node: In<'_, '_>) -> Result<Check, TreeError> {
        Check::try_from(mapping(node)?).map_err(serde::de::Error::custom)
    }
}

/// Written out (rather than `decode_struct!`) for the defaults of `seed` and `nodes`.
impl Decode for ClusterSpec {
    fn decode(node: In<'_, '_>) -> Result<ClusterSpec, TreeError> {
        static SHAPE: Shape = Shape {
            expecting: "struct ClusterSpec",
            fields: &["seed", "nodes", "manifests", "setup"],
            required: 0,
            deny: true,
        };
        let mut out = ClusterSpec::default();
        walk(node, &SHAPE, &mut |index, node| {
            match index {
                0 => out.seed = Decode::decode(node)?,
                1 => out.nodes = Decode::decode(node)?,
                2 => out.manifests = Decode::decode(node)?,
                _ => out.setup = Decode::decode(node)?,
            }
            Ok(())
        })?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-written decoding gives what serde's derives over the tree gave, for every
    /// lesson and variants of them with nodes changed, keys removed and added.
    #[test]
    fn decodes_lessons_as_serde_did() {
        use crate::manifest::typed::tests::{replacements, variants};
        let replace = replacements();
        let mut count = 0;
        for (index, (_, text)) in crate::lessons::BUILTIN.iter().enumerate() {
            let value: serde_yaml::Value = serde_yaml::from_str(text).expect("yaml");
            for (n, variant) in variants(&value, &replace).iter().enumerate() {
                // Every variant of two lessons, a sample of the others'.
                if index >= 2 && n % 13 != 0 {
                    continue;
                }
                let old = format!("{:?}", tree::from_tree::<Lesson>(variant));
                let new = format!("{:?}", crate::manifest::typed::from_tree::<Lesson>(variant));
                assert_eq!(new, old, "{}", serde_yaml::to_string(variant).unwrap_or_default());
                count += 1;
            }
        }
        eprintln!("{count} lesson variants");
    }

    /// The tree decoding reports faults as serde_yaml's typed decoding did.
    #[test]
    fn parse_errors_read_as_serde_yaml_typed_decoding() {
        let good = crate::lessons::BUILTIN[0].1;
        let lesson = Lesson::parse(good).expect("the first lesson parses");
        assert_eq!(lesson.id, "first-deployment");
        let broken = [
            good.replacen("\nsteps:", "\ncolour: blue\nsteps:", 1),
            good.replacen("\n- id: ", "\n- idd: ", 1),
            good.replacen("\n  budget:", "\n  budget: [1]\n  x-budget:", 1),
            good.replacen("\n    deployment: {name: web,", "\n    deployment: {nam: web,", 1),
            good.replacen("\n  zh-CN:", "\n  zh-CN: [no]\n  x-zh:", 1),
            good.replacen("\n  title:\n    en: Create the Deployment\n    zh-CN: 创建 Deployment\n", "\n", 1),
            good.replacen("cluster:\n  seed: 1\n", "cluster:\n  seed: [1]\n", 1),
            "id: 3\ntitle: {en: a}\n".to_string(),
            "- a list\n".to_string(),
        ];
        for (i, text) in broken.iter().enumerate() {
            assert_ne!(text, good, "case {i}");
            let typed = serde_yaml::from_str::<Lesson>(text).map(|_| ()).map_err(|e| e.to_string());
            assert!(typed.is_err(), "case {i}");
            assert_eq!(Lesson::parse(text).map(|_| ()), typed, "case {i}");
        }
    }
}
