//! What the lesson panel keeps beside the page's Session (plain Rust, tested natively): the
//! lesson in progress (`lessons::tracker::Tracker`), the progress book of every lesson, what
//! is saved in the browser, and progress export/import.

use std::collections::BTreeMap;

#[cfg(test)]
use serde::{Deserialize, Serialize};

use crate::lessons::runtime::StepStatus;
use crate::lessons::tracker::{Marks, StepStart};
use crate::lessons::tracker::{Resume, Tracker};
use crate::lessons::{self, Lesson, Progress, Text};
use crate::manifest::emit::{self, JsonWriter, ToJson};
use crate::manifest::tree::{self, Node as In, TreeError};
use crate::manifest::typed::{self, Decode, Shape};
use crate::session::Session;
use serde::de::{Error as _, Unexpected};
use serde_yaml::Value;

/// localStorage keys.
pub const RUN_KEY: &str = "kubeplay.lesson.run";
pub const BOOK_KEY: &str = "kubeplay.lesson.progress";
pub const TEACHER_KEY: &str = "kubeplay.lesson.teacher";

/// How one lesson went, for the picker: each step done alone or with help, finished or not.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
pub struct LessonProgress {
    /// Step id -> `done` or `help`.
    #[cfg_attr(test, serde(default))]
    pub steps: BTreeMap<String, String>,
    #[cfg_attr(test, serde(default))]
    pub finished: bool,
}

/// Every lesson's progress, by slug (saved; exported and imported as text).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
pub struct ProgressBook {
    pub kubeplay_lessons: u32,
    #[cfg_attr(test, serde(default))]
    pub lessons: BTreeMap<String, Box<LessonProgress>>,
}

// Decoding (`manifest::typed`: serde's derives gave the same values and errors).
typed::decode_struct! { LessonProgress "struct LessonProgress";
    "steps" steps,
    "finished" finished,
}

typed::decode_struct! { ProgressBook "struct ProgressBook";
    "kubeplay_lessons" kubeplay_lessons required,
    "lessons" lessons,
}

// Writing (`manifest::emit`: the text serde_json wrote from the derives).
emit::encode_struct! { LessonProgress;
    "steps" steps,
    "finished" finished,
}

emit::encode_struct! { ProgressBook;
    "kubeplay_lessons" kubeplay_lessons,
    "lessons" lessons,
}

/// `#[serde(flatten)]`: `Progress`'s fields, then `intro`.
impl ToJson for SavedRun {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.key("marks");
        self.progress.marks.write_json(w);
        w.key("journal");
        self.progress.journal.write_json(w);
        w.key("intro");
        self.intro.write_json(w);
        w.end_object();
    }
}

/// The format version of exported progress.
pub const BOOK_VERSION: u32 = 1;
/// Longest progress text accepted for import.
const MAX_IMPORT_BYTES: usize = 256 * 1024;

impl ProgressBook {
    pub fn encode(&self) -> String {
        let book = ProgressBook { kubeplay_lessons: BOOK_VERSION, ..self.clone() };
        emit::to_json_pretty(&book, "  ")
    }

    /// Reads exported or saved progress; only known lessons and steps are kept.
    pub fn decode(text: &str) -> Result<ProgressBook, String> {
        if text.len() > MAX_IMPORT_BYTES {
            return Err("too long".to_string());
        }
        let book: ProgressBook = typed::from_json_text(text.trim())?;
        if book.kubeplay_lessons != BOOK_VERSION {
            return Err(format!("unknown version {}", book.kubeplay_lessons));
        }
        let known = lessons::builtin().unwrap_or_default();
        let mut clean = ProgressBook { kubeplay_lessons: BOOK_VERSION, lessons: BTreeMap::new() };
        for (slug, progress) in book.lessons {
            let Some(lesson) = known.iter().find(|l| l.id == slug) else { continue };
            // Inserted one by one: `collect` would bring a stable sort of its own.
            let mut steps = BTreeMap::new();
            for (id, how) in progress.steps {
                if lesson.step(&id).is_some() && (how == "done" || how == "help") {
                    steps.insert(id, how);
                }
            }
            clean.lessons.insert(slug, Box::new(LessonProgress { steps, finished: progress.finished }));
        }
        Ok(clean)
    }

    /// Takes in another book: a step done alone beats one done with help.
    pub fn merge(&mut self, other: ProgressBook) -> usize {
        let n = other.lessons.len();
        for (slug, theirs) in other.lessons {
            let mine = self.lessons.entry(slug).or_default();
            for (step, how) in theirs.steps {
                let entry = mine.steps.entry(step).or_insert_with(|| how.clone());
                if how == "done" {
                    *entry = how;
                }
            }
            mine.finished |= theirs.finished;
        }
        n
    }

    /// Records what a run has done so far.
    pub fn record(&mut self, tracker: &Tracker) {
        let entry = self.lessons.entry(tracker.lesson.id.clone()).or_default();
        for (id, status) in tracker.statuses() {
            let how = match status {
                StepStatus::Done => "done",
                StepStatus::DoneWithHelp => "help",
                _ => continue,
            };
            let old = entry.steps.get(&id).cloned();
            if old.as_deref() != Some("done") {
                entry.steps.insert(id, how.to_string());
            }
        }
        entry.finished |= tracker.finished();
    }

    /// Steps done (alone or with help) of `lesson`.
    pub fn done(&self, lesson: &Lesson) -> usize {
        self.lessons.get(&lesson.id).map_or(0, |p| lesson.steps.iter().filter(|s| p.steps.contains_key(&s.id)).count())
    }

    pub fn finished(&self, slug: &str) -> bool {
        self.lessons.get(slug).is_some_and(|p| p.finished)
    }
}

/// The in-flight lesson as saved: its `Progress` (the Session's journal with
/// `session::codec`, and the tracker's marks), as `kubeplay lesson` saves it too.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(test, derive(Serialize, Deserialize))]
pub struct SavedRun {
    #[cfg_attr(test, serde(flatten))]
    pub progress: Progress,
    /// The learner was still reading the lesson's introduction.
    #[cfg_attr(test, serde(default))]
    pub intro: bool,
}

impl SavedRun {
    pub fn of(tracker: &Tracker, session: &Session, intro: bool) -> SavedRun {
        SavedRun { progress: Progress::of(tracker, session), intro }
    }

    pub fn encode(&self) -> String {
        emit::to_json_string(self)
    }

    /// Rebuilds the run in one go; an error says why (the page then forgets it).
    pub fn resume(text: &str) -> Result<(Tracker, Session, bool), String> {
        let (resume, intro) = SavedRun::start_resume(text)?;
        let (tracker, session) = resume.finish()?;
        Ok((tracker, session, intro))
    }

    /// The rebuild of the run, not run yet (the page runs it a budget per frame), and whether
    /// the learner was reading the introduction; or why the saved text is refused.
    pub fn start_resume(text: &str) -> Result<(Resume, bool), String> {
        let saved: SavedRun = typed::from_json_text(text)?;
        let slug = &saved.progress.marks.lesson;
        let lesson = lessons::find(slug).ok_or_else(|| format!("no lesson {slug:?}"))?;
        Ok((saved.progress.start_resume(lesson)?, saved.intro))
    }
}

// `SavedRun` as serde's derives read it (`#[serde(flatten)]`): `intro` from the document
// (with its path), every other entry kept as it is, then `Progress` read from those entries as
// serde's buffered content: text only from strings, lists only from lists, an object from a map
// or a list (its fields in order), errors without a path.
impl Decode for SavedRun {
    fn decode(node: In<'_, '_>) -> Result<SavedRun, TreeError> {
        static SHAPE: Shape = Shape { expecting: "struct SavedRun", fields: &["intro"], required: 0, deny: false };
        let mut intro = false;
        typed::walk(node, &SHAPE, &mut |_, node| {
            intro = Decode::decode(node)?;
            Ok(())
        })?;
        let progress = content_progress(node.untagged());
        let progress = progress.map_err(|error| tree::place(error, node.path, node.key))?;
        Ok(SavedRun { progress, intro })
    }
}

/// `Progress` from the entries `SavedRun` does not know, in the document's order.
fn content_progress(value: &Value) -> Result<Progress, TreeError> {
    let (mut marks, mut journal) = (None, None);
    if let Value::Mapping(entries) = value {
        for (key, value) in entries {
            match untag(key).as_str() {
                Some("marks") => marks = Some(content_marks(value)?),
                Some("journal") => journal = Some(content_text(value)?),
                _ => {}
            }
        }
    }
    let marks = marks.ok_or_else(|| TreeError::missing_field("marks"))?;
    let journal = journal.ok_or_else(|| TreeError::missing_field("journal"))?;
    Ok(Progress { marks, journal })
}

fn untag(mut value: &Value) -> &Value {
    while let Value::Tagged(tagged) = value {
        value = &tagged.value;
    }
    value
}

fn content_mismatch(value: &Value, expected: &str) -> TreeError {
    TreeError::invalid_type(tree::unexpected(untag(value)), &expected)
}

fn content_text(value: &Value) -> Result<String, TreeError> {
    match untag(value) {
        Value::String(text) => Ok(text.clone()),
        _ => Err(content_mismatch(value, "a string")),
    }
}

fn content_bool(value: &Value) -> Result<bool, TreeError> {
    match untag(value) {
        Value::Bool(flag) => Ok(*flag),
        _ => Err(content_mismatch(value, "a boolean")),
    }
}

fn content_unsigned(value: &Value, expected: &'static str, max: u64) -> Result<u64, TreeError> {
    match untag(value) {
        Value::Number(number) => match (number.as_u64(), number.as_i64()) {
            (Some(n), _) if n <= max => Ok(n),
            (Some(n), _) => Err(TreeError::invalid_value(Unexpected::Unsigned(n), &expected)),
            (_, Some(n)) => Err(TreeError::invalid_value(Unexpected::Signed(n), &expected)),
            _ => Err(content_mismatch(value, expected)),
        },
        _ => Err(content_mismatch(value, expected)),
    }
}

fn content_usize(value: &Value) -> Result<usize, TreeError> {
    content_unsigned(value, "usize", usize::MAX as u64).map(|n| n as usize)
}

fn content_list<T>(value: &Value, item: fn(&Value) -> Result<T, TreeError>) -> Result<Vec<T>, TreeError> {
    match untag(value) {
        Value::Sequence(items) => items.iter().map(item).collect(),
        _ => Err(content_mismatch(value, "a sequence")),
    }
}

/// An object's fields from buffered content: by name from a map (other names ignored, each at
/// most once), by position from a list. `set` reads field `index`; the first `required` fields
/// must be there.
fn content_struct(
    value: &Value,
    expecting: &'static str,
    fields: &'static [&'static str],
    required: usize,
    set: &mut dyn FnMut(usize, &Value) -> Result<(), TreeError>,
) -> Result<(), TreeError> {
    let mut seen = 0u64;
    match untag(value) {
        Value::Mapping(entries) => {
            for (key, value) in entries {
                let index = match untag(key) {
                    Value::String(name) => fields.iter().position(|field| field == name),
                    Value::Number(number) if number.as_u64().is_some() => {
                        number.as_u64().and_then(|n| usize::try_from(n).ok()).filter(|n| *n < fields.len())
                    }
                    _ => return Err(content_mismatch(key, "field identifier")),
                };
                let Some(index) = index else { continue };
                if seen & (1 << index) != 0 {
                    return Err(TreeError::duplicate_field(fields[index]));
                }
                seen |= 1 << index;
                set(index, value)?;
            }
        }
        Value::Sequence(items) => {
            let expected = format!("{expecting} with {} elements", fields.len());
            for index in 0..fields.len() {
                match items.get(index) {
                    Some(item) => set(index, item)?,
                    None if index < required => {
                        return Err(TreeError::invalid_length(index, &expected.as_str()));
                    }
                    None => {}
                }
                seen |= 1 << index;
            }
            if items.len() > fields.len() {
                let elements = if fields.len() == 1 { "element" } else { "elements" };
                let expected = format!("{} {elements} in sequence", fields.len());
                return Err(TreeError::invalid_length(items.len(), &expected.as_str()));
            }
        }
        _ => return Err(content_mismatch(value, expecting)),
    }
    match (0..required).find(|index| seen & (1 << index) == 0) {
        Some(index) => Err(TreeError::missing_field(fields[index])),
        None => Ok(()),
    }
}

fn content_marks(value: &Value) -> Result<Marks, TreeError> {
    let mut marks =
        Marks { lesson: String::new(), starts: Vec::new(), hints: Vec::new(), helped: Vec::new(), finished: false };
    let fields = &["lesson", "starts", "hints", "helped", "finished"];
    content_struct(value, "struct Marks", fields, 4, &mut |index, value| {
        match index {
            0 => marks.lesson = content_text(value)?,
            1 => marks.starts = content_list(value, content_step_start)?,
            2 => marks.hints = content_list(value, content_usize)?,
            3 => marks.helped = content_list(value, content_bool)?,
            _ => marks.finished = content_bool(value)?,
        }
        Ok(())
    })?;
    Ok(marks)
}

fn content_step_start(value: &Value) -> Result<StepStart, TreeError> {
    let mut start = StepStart { entries: 0, at: 0 };
    content_struct(value, "struct StepStart", &["entries", "at"], 2, &mut |index, value| {
        match index {
            0 => start.entries = content_usize(value)?,
            _ => start.at = content_unsigned(value, "u64", u64::MAX)?,
        }
        Ok(())
    })?;
    Ok(start)
}

/// Something the panel tells the learner once.
#[derive(Clone, Debug, PartialEq)]
pub enum Message {
    Resumed,
    FastForwardFailed,
    /// A watch rule's hint.
    Watch(Text),
    Imported(usize),
    ImportFailed,
    UnknownLesson(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::time::SimDuration;

    /// The hand-written decoding reads saved progress as serde's derives did (values and
    /// errors), for variants with every node changed, keys removed and added.
    #[test]
    fn progress_decodes_as_serde_did() {
        use crate::manifest::typed::tests::{replacements, variants};
        let text = r#"{"kubeplay_lessons": 1, "lessons": {"self-healing": {"steps": {"a": "done", "b": "help"}, "finished": true}, "x": {}}}"#;
        let value: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
        let mut count = 0;
        for variant in variants(&value, &replacements()) {
            let Ok(json) = tree::tree_to_json(&variant) else { continue };
            let json = json.to_string();
            assert_eq!(
                typed::from_json_text::<ProgressBook>(&json),
                tree::from_json_text::<ProgressBook>(&json),
                "{json}"
            );
            count += 1;
        }
        assert!(count > 150, "{count}");
    }

    /// Saved runs and progress books are written as serde_json wrote them from the derives.
    #[test]
    fn encodes_as_serde_json_did() {
        let (mut tracker, mut session) = Tracker::start(lessons::find("self-healing").unwrap()).unwrap();
        session.run("get pods");
        tracker.reveal_hint();
        tracker.show_me(&mut session);
        for intro in [false, true] {
            let saved = SavedRun::of(&tracker, &session, intro);
            assert_eq!(saved.encode(), serde_json::to_string(&saved).unwrap());
            assert_eq!(emit::to_json_string(&saved.progress), serde_json::to_string(&saved.progress).unwrap());
        }
        let mut book = ProgressBook::default();
        assert_eq!(
            book.encode(),
            serde_json::to_string_pretty(&ProgressBook { kubeplay_lessons: 1, ..book.clone() }).unwrap()
        );
        book.record(&tracker);
        book.lessons
            .insert("odd \"\u{1}\u{1f680}".into(), Box::new(LessonProgress { steps: BTreeMap::new(), finished: true }));
        assert_eq!(
            book.encode(),
            serde_json::to_string_pretty(&ProgressBook { kubeplay_lessons: 1, ..book.clone() }).unwrap()
        );
    }

    /// The same for a saved run (`flatten`: `Progress` read from buffered content), from JSON
    /// and from YAML text with tags and odd keys.
    #[test]
    fn saved_run_decodes_as_serde_did() {
        use crate::manifest::typed::tests::{replacements, variants};
        let (mut tracker, mut session) = Tracker::start(lessons::find("self-healing").unwrap()).unwrap();
        session.run("get pods");
        tracker.advance(&mut session, SimDuration::from_secs(30));
        let text = SavedRun::of(&tracker, &session, true).encode();
        let value: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        let mut seq = value.clone();
        seq["marks"] = serde_yaml::from_str("[l, [[1, 2]], [0], [true]]").unwrap();
        let mut count = 0;
        for base in [value, seq] {
            for variant in variants(&base, &replacements()) {
                let mut texts = vec![serde_yaml::to_string(&variant).unwrap()];
                if let Ok(json) = tree::tree_to_json(&variant) {
                    texts.push(json.to_string());
                }
                for text in texts {
                    let new = typed::from_json_text::<SavedRun>(&text);
                    assert_eq!(new, tree::from_json_text::<SavedRun>(&text), "{text}");
                    count += 1;
                }
            }
        }
        assert!(count > 500, "{count}");
    }

    #[test]
    fn progress_round_trips_and_ignores_unknown_lessons_and_steps() {
        let (mut tracker, mut session) = Tracker::start(lessons::find("self-healing").unwrap()).unwrap();
        tracker.show_me(&mut session);
        let mut book = ProgressBook::default();
        book.record(&tracker);
        assert_eq!(book.lessons["self-healing"].steps["kill-container"], "help");
        let text = book.encode();
        assert_eq!(ProgressBook::decode(&text).unwrap(), ProgressBook { kubeplay_lessons: 1, ..book.clone() });
        let odd = text.replace("kill-container", "no-such-step");
        assert!(ProgressBook::decode(&odd).unwrap().lessons["self-healing"].steps.is_empty());
        assert!(ProgressBook::decode("{\"kubeplay_lessons\": 1, \"lessons\": {\"nope\": {}}}")
            .unwrap()
            .lessons
            .is_empty());
        assert!(ProgressBook::decode("hello").is_err());
        assert!(ProgressBook::decode("{\"kubeplay_lessons\": 9}").is_err());
        let mut mine = ProgressBook::default();
        mine.lessons.insert(
            "self-healing".into(),
            Box::new(LessonProgress {
                steps: BTreeMap::from([("kill-container".to_string(), "done".to_string())]),
                finished: false,
            }),
        );
        assert_eq!(mine.merge(book), 1);
        assert_eq!(mine.lessons["self-healing"].steps["kill-container"], "done", "done alone wins");
    }

    #[test]
    fn a_saved_run_resumes() {
        let (mut tracker, mut session) = Tracker::start(lessons::find("self-healing").unwrap()).unwrap();
        session.run("kubectl exec -it deploy/hello-world-flask -- bash -c \"killall python3\"");
        tracker.advance(&mut session, SimDuration::from_secs(30));
        let text = SavedRun::of(&tracker, &session, false).encode();
        let (resumed, again, intro) = SavedRun::resume(&text).unwrap();
        assert!(!intro);
        assert_eq!(resumed.statuses(), tracker.statuses());
        assert_eq!(again.snapshot(), session.snapshot());
        assert!(SavedRun::resume("{}").is_err());
    }
}
