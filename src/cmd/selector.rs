//! Selectors as kubectl and the API server read them: `-l` label selectors (`Selector`) and
//! `--field-selector` on pods and events.

use crate::api::*;

/// A parsed `-l` label selector: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`.
#[derive(Clone, Debug, PartialEq)]
pub struct Selector(Vec<(String, String, Vec<String>)>);

impl Selector {
    pub fn parse(text: &str) -> Result<Selector, String> {
        let mut reqs = Vec::new();
        let mut parts = Vec::new();
        let mut depth = 0;
        let mut cur = String::new();
        for c in text.chars() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(std::mem::take(&mut cur));
                    continue;
                }
                _ => {}
            }
            cur.push(c);
        }
        parts.push(cur);
        if depth != 0 {
            return Err(format!("error: unable to parse requirement: found '{text}', expected: ')'"));
        }
        for part in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
            let bad = || {
                format!("error: unable to parse requirement: found '{part}', expected: '=', '!=', '==', 'in', notin'")
            };
            let key_ok = |k: &str| {
                let k = k.trim();
                !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
            };
            let key = part.split(['=', '!', ' ']).find(|k| !k.is_empty()).unwrap_or("");
            if !key_ok(key) || part.starts_with('=') {
                return Err(bad());
            }
            if let Some((k, v)) = part.split_once("!=") {
                reqs.push((k.trim().into(), "!=".into(), vec![v.trim().into()]));
            } else if let Some((k, v)) = part.split_once("==").or_else(|| part.split_once('=')) {
                reqs.push((k.trim().into(), "=".into(), vec![v.trim().into()]));
            } else if let Some(k) = part.strip_prefix('!') {
                reqs.push((k.trim().into(), "!".into(), vec![]));
            } else if let Some((k, rest)) = part.split_once(" notin ").or_else(|| part.split_once(" in ")) {
                let op = if part.contains(" notin ") { "notin" } else { "in" };
                let values = rest
                    .trim()
                    .trim_start_matches('(')
                    .trim_end_matches(')')
                    .split(',')
                    .map(|v| v.trim().to_string())
                    .collect();
                reqs.push((k.trim().into(), op.into(), values));
            } else if part.chars().all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c)) {
                reqs.push((part.into(), "exists".into(), vec![]));
            } else {
                return Err(bad());
            }
        }
        Ok(Selector(reqs))
    }

    pub fn matches(&self, labels: &Labels) -> bool {
        self.0.iter().all(|(k, op, values)| {
            let v = labels.get(k);
            match op.as_str() {
                "=" => v == values.first(),
                "!=" => v != values.first(),
                "in" => v.is_some_and(|v| values.contains(v)),
                "notin" => !v.is_some_and(|v| values.contains(v)),
                "!" => v.is_none(),
                _ => v.is_some(),
            }
        })
    }
}

/// One requirement of a field selector: `FIELD!=VALUE`, `FIELD==VALUE` or `FIELD=VALUE`, as
/// (field, negated, value).
fn field_requirement(part: &str) -> Result<(&str, bool, &str), String> {
    if let Some((f, v)) = part.split_once("!=") {
        Ok((f, true, v))
    } else if let Some((f, v)) = part.split_once("==").or_else(|| part.split_once('=')) {
        Ok((f, false, v))
    } else {
        Err(format!("error: invalid field selector: '{part}'"))
    }
}

/// `--field-selector`: `status.phase==Running`, `spec.nodeName=node-1`, `metadata.name!=x`.
pub(crate) fn field_matches(pod: &Pod, selector: &str) -> Result<bool, String> {
    for part in selector.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (field, negate, value) = field_requirement(part)?;
        let actual = match field.trim() {
            "status.phase" => pod.phase().to_string(),
            "spec.nodeName" => pod.spec.node_name.clone().unwrap_or_default(),
            "metadata.name" => pod.metadata.name.clone(),
            "metadata.namespace" => "default".into(),
            "spec.restartPolicy" => pod.spec.restart_policy.clone().unwrap_or_default(),
            "status.podIP" => pod.status.as_ref().and_then(|s| s.pod_ip.clone()).unwrap_or_default(),
            other => return Err(format!("Error from server (BadRequest): Unable to find {{\"\" \"v1\" \"pods\"}} that match label selector \"\", field selector \"{selector}\": field label not supported: {other}")),
        };
        if (actual == value.trim()) == negate {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `--field-selector` on events: involvedObject.kind/name, reason, type, source.
pub(crate) fn event_field_matches(event: &Event, selector: &str) -> Result<bool, String> {
    for part in selector.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (field, negate, value) = field_requirement(part)?;
        let actual = match field.trim() {
            "involvedObject.kind" => event.involved_object.kind.clone(),
            "involvedObject.name" => event.involved_object.name.clone(),
            "involvedObject.fieldPath" => event.involved_object.field_path.clone().unwrap_or_default(),
            "involvedObject.namespace" | "metadata.namespace" => "default".into(),
            "reason" => event.reason.clone(),
            "type" => event.type_.clone(),
            "source" | "reportingComponent" => event.source.clone(),
            other => return Err(format!("Error from server (BadRequest): Unable to find {{\"\" \"v1\" \"events\"}} that match label selector \"\", field selector \"{selector}\": field label not supported: {other}")),
        };
        if (actual == value.trim()) == negate {
            return Ok(false);
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors() {
        let labels: Labels = [("app".to_string(), "web".to_string()), ("tier".to_string(), "fe".to_string())].into();
        assert!(Selector::parse("app=web").unwrap().matches(&labels));
        assert!(Selector::parse("app in (web,db),tier").unwrap().matches(&labels));
        assert!(!Selector::parse("app!=web").unwrap().matches(&labels));
        assert!(Selector::parse("!missing").unwrap().matches(&labels));
    }
}
