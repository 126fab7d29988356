//! "Did you mean …?" for a mistyped field or kind: a case- and separator-insensitive match
//! first, then the closest name by edit distance (with transpositions), within a small bound.

/// The candidate closest to `typo`, if one is close enough to be a plausible intent.
/// Ties go to the earliest candidate, so the answer is deterministic.
pub fn did_you_mean<'a, I>(typo: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let candidates: Vec<&'a str> = candidates.into_iter().filter(|c| *c != typo).collect();
    let wanted = normalize(typo);
    if wanted.is_empty() {
        return None;
    }
    // `livenessprobe`, `image_pull_policy`, `Replicas`: same letters, different case or separators.
    if let Some(exact) = candidates.iter().find(|c| normalize(c) == wanted) {
        return Some(exact);
    }
    let max_distance = match wanted.chars().count() {
        0..=3 => 1,
        4..=8 => 2,
        _ => 3,
    };
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let distance = edit_distance(&wanted, &normalize(candidate));
        if distance <= max_distance && best.is_none_or(|(best_distance, _)| distance < best_distance) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// Lower case without `-`, `_` and spaces.
fn normalize(name: &str) -> String {
    name.chars().filter(|c| !matches!(c, '-' | '_' | ' ')).map(|c| c.to_ascii_lowercase()).collect()
}

/// Optimal string alignment distance: insertions, deletions, substitutions and adjacent
/// transpositions each cost 1 (`contianers` is one step from `containers`).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut table = vec![0usize; (a.len() + 1) * width];
    for (i, cell) in table.iter_mut().step_by(width).enumerate() {
        *cell = i;
    }
    for (j, cell) in table.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut value = (table[(i - 1) * width + j] + 1)
                .min(table[i * width + j - 1] + 1)
                .min(table[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                value = value.min(table[(i - 2) * width + j - 2] + 1);
            }
            table[i * width + j] = value;
        }
    }
    table[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTAINER_FIELDS: &[&str] = &[
        "name",
        "image",
        "command",
        "args",
        "ports",
        "resources",
        "livenessProbe",
        "readinessProbe",
        "imagePullPolicy",
    ];

    fn check(typo: &str, expected: Option<&str>) {
        assert_eq!(did_you_mean(typo, CONTAINER_FIELDS.iter().copied()), expected, "typo {typo:?}");
    }

    #[test]
    fn suggestions() {
        check("livenessprobe", Some("livenessProbe"));
        check("image_pull_policy", Some("imagePullPolicy"));
        check("imag", Some("image"));
        check("imagee", Some("image"));
        check("comand", Some("command"));
        check("arsg", Some("args"));
        check("readynessProbe", Some("readinessProbe"));
        check("volumes", None);
        check("x", None);
        check("", None);
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("contianers", "containers"), 1);
        assert_eq!(edit_distance("replica", "replicas"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn ties_go_to_the_first_candidate() {
        assert_eq!(did_you_mean("ab", ["ax", "ay"]), Some("ax"));
    }
}
