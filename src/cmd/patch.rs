//! The patch algorithms of `kubectl patch`: RFC 6902 JSON patch, RFC 7386 merge patch, and
//! the strategic merge patch (lists of named items merged by name).

/// RFC 6902 JSON patch: add, remove, replace, test, copy, move.
pub(crate) fn json_patch(doc: &mut serde_json::Value, patch: &serde_json::Value) -> Result<(), String> {
    let ops =
        patch.as_array().ok_or("error: unable to parse \"json\" patch: the patch must be a list of operations")?;
    for op in ops {
        let kind = op.get("op").and_then(|v| v.as_str()).ok_or("error: json patch operation is missing \"op\"")?;
        let path = op.get("path").and_then(|v| v.as_str()).ok_or("error: json patch operation is missing \"path\"")?;
        let value = op.get("value").cloned();
        match kind {
            "add" | "replace" => {
                let value = value.ok_or_else(|| format!("error: json patch {kind} operation does not have a value"))?;
                pointer_set(doc, path, value, kind == "add")?;
            }
            "remove" => {
                pointer_remove(doc, path)?;
            }
            "test" => {
                if doc.pointer(path) != value.as_ref() {
                    return Err(format!("error: testing value {path} failed"));
                }
            }
            "copy" | "move" => {
                let from =
                    op.get("from").and_then(|v| v.as_str()).ok_or("error: json patch operation is missing \"from\"")?;
                let v = doc.pointer(from).cloned().ok_or_else(|| format!("error: unable to find {from}"))?;
                if kind == "move" {
                    pointer_remove(doc, from)?;
                }
                pointer_set(doc, path, v, true)?;
            }
            other => return Err(format!("error: Unexpected kind: {other}")),
        }
    }
    Ok(())
}

fn split_pointer(path: &str) -> Result<(String, String), String> {
    let idx = path.rfind('/').ok_or_else(|| format!("error: invalid JSON pointer {path:?}"))?;
    let last = path[idx + 1..].replace("~1", "/").replace("~0", "~");
    Ok((path[..idx].to_string(), last))
}

fn pointer_set(doc: &mut serde_json::Value, path: &str, value: serde_json::Value, add: bool) -> Result<(), String> {
    let (parent, last) = split_pointer(path)?;
    let missing = || format!("error: add operation does not apply: doc is missing path: \"{parent}\": missing value");
    let target = doc.pointer_mut(&parent).ok_or_else(missing)?;
    match target {
        serde_json::Value::Object(map) => {
            if !add && !map.contains_key(&last) {
                return Err(format!(
                    "error: replace operation does not apply: doc is missing key: {path}: missing value"
                ));
            }
            map.insert(last, value);
        }
        serde_json::Value::Array(items) => {
            if last == "-" {
                items.push(value);
            } else {
                let i: usize = last.parse().map_err(|_| format!("error: invalid array index {last:?}"))?;
                if add && i <= items.len() {
                    items.insert(i, value);
                } else if !add && i < items.len() {
                    items[i] = value;
                } else {
                    return Err(format!(
                        "error: add operation does not apply: doc is missing path: \"{path}\": missing value"
                    ));
                }
            }
        }
        _ => return Err(missing()),
    }
    Ok(())
}

fn pointer_remove(doc: &mut serde_json::Value, path: &str) -> Result<(), String> {
    let (parent, last) = split_pointer(path)?;
    let missing = || format!("error: remove operation does not apply: doc is missing path: \"{path}\": missing value");
    match doc.pointer_mut(&parent).ok_or_else(missing)? {
        serde_json::Value::Object(map) => map.remove(&last).map(|_| ()).ok_or_else(missing),
        serde_json::Value::Array(items) => {
            let i: usize = last.parse().map_err(|_| missing())?;
            if i < items.len() {
                items.remove(i);
                Ok(())
            } else {
                Err(missing())
            }
        }
        _ => Err(missing()),
    }
}

/// RFC 7386 merge patch; `strategic` merges lists of named items (containers, ports) by name.
pub(crate) fn merge_patch(doc: &mut serde_json::Value, patch: &serde_json::Value, strategic: bool) {
    match (doc, patch) {
        (serde_json::Value::Object(target), serde_json::Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    target.remove(k);
                } else if let Some(existing) = target.get_mut(k) {
                    merge_patch(existing, v, strategic);
                } else {
                    target.insert(k.clone(), v.clone());
                }
            }
        }
        (serde_json::Value::Array(target), serde_json::Value::Array(p))
            if strategic && p.iter().all(|i| i.get("name").is_some() || i.get("containerPort").is_some()) =>
        {
            for item in p {
                let key = if item.get("name").is_some() { "name" } else { "containerPort" };
                match target.iter_mut().find(|t| t.get(key) == item.get(key)) {
                    Some(existing) => merge_patch(existing, item, strategic),
                    None => target.push(item.clone()),
                }
            }
        }
        (doc, patch) => *doc = patch.clone(),
    }
}
