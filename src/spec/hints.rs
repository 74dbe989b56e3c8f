//! What to write instead of a value of the wrong type or form: the accepted
//! forms for the message, and an example made from what the user wrote for
//! the help (`duration: 2` → `2d`, `probability: 40%` → `0.4`).
//!
//! In: the schema definition the value had to match (a `$defs` name such as
//! `Duration`, when there is one), the JSON type it had to have, the value
//! found and its source text. Out: a [`Hint`].

use serde_json::Value;

/// The accepted forms (completing "must be ...") and how to fix the value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Hint {
    pub form: String,
    pub help: Option<String>,
}

impl Hint {
    fn new(form: impl Into<String>, help: impl Into<String>) -> Self {
        Hint {
            form: form.into(),
            help: Some(help.into()),
        }
    }
}

/// The hint for a value of the wrong JSON type.
pub(crate) fn for_type(def: Option<&str>, expected: &str, found: &Value, source: &str) -> Hint {
    if found.is_null() {
        let form = def.map_or_else(|| json_form(expected), def_form);
        return Hint::new(form, "write a value, or remove the key to use its default");
    }
    match def {
        Some("Duration") => duration(found),
        Some("Probability") => probability(found),
        Some("Percent") => percent(found),
        Some("Impact") => impact(found),
        Some("Date") => date(found),
        Some(name @ "Id") => Hint::new(def_form(name), quote(source)),
        _ => plain(expected, found, source),
    }
}

/// The hint for a string that does not match its definition's pattern.
pub(crate) fn for_pattern(def: Option<&str>, found: &Value) -> Option<Hint> {
    match def {
        Some("Duration") => Some(duration(found)),
        Some("Date") => Some(date(found)),
        Some(name @ "Id") => Some(Hint::new(
            def_form(name),
            "use letters, digits, `_`, `-` and `.`, starting with a letter or digit",
        )),
        _ => None,
    }
}

/// The hint for a number above its maximum, where a better unit is likely.
pub(crate) fn for_maximum(def: Option<&str>, found: &Value) -> Option<Hint> {
    match def {
        Some("Probability") => Some(probability(found)),
        Some("Impact") => Some(impact(found)),
        Some("Percent") => Some(percent(found)),
        _ => None,
    }
}

fn def_form(def: &str) -> String {
    match def {
        "Duration" => "a duration (a whole number and a unit: `m`, `h`, `d` or `w`)".into(),
        "Probability" => "a probability (a number from 0 to 1)".into(),
        "Percent" => "a percentage (a number from 0 to 100)".into(),
        "Impact" => "an impact (a whole number from 1 to 5)".into(),
        "Date" => "a date (`YYYY-MM-DD`)".into(),
        "Id" => "an id (text of letters, digits, `_`, `-` and `.`)".into(),
        other => format!("a {other}"),
    }
}

fn json_form(expected: &str) -> String {
    match expected {
        "object" => "a mapping".into(),
        "array" => "a list".into(),
        "integer" => "a whole number".into(),
        "number" => "a number".into(),
        "boolean" => "`true` or `false`".into(),
        "string" => "text".into(),
        other => format!("of type {other}"),
    }
}

fn quote(source: &str) -> String {
    let text = source.trim().replace('"', "\\\"");
    format!("quote it to keep it as text: `\"{text}\"`")
}

fn plain(expected: &str, found: &Value, source: &str) -> Hint {
    let form = json_form(expected);
    let help = match (expected, found) {
        ("string", Value::Number(_) | Value::Bool(_)) => quote(source),
        ("string", Value::Array(_)) => "write one value here, not a list".into(),
        ("string", Value::Object(_)) => {
            "write one value here, not a mapping (if the text contains `: `, quote it)".into()
        }
        ("integer" | "number", Value::String(s)) => match s.trim().parse::<f64>() {
            Ok(n) if n.is_finite() => format!("write the number without quotes: `{}`", number(n)),
            _ => format!("write {form}, such as `3`"),
        },
        ("integer", Value::Number(n)) => {
            let n = n.as_f64().unwrap_or_default().round();
            format!("write a whole number, such as `{}`", number(n))
        }
        ("boolean", Value::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
            "yes" | "y" | "on" | "true" => {
                "write `true` (YAML 1.2 reads `yes` and `on` as text)".into()
            }
            "no" | "n" | "off" | "false" => {
                "write `false` (YAML 1.2 reads `no` and `off` as text)".into()
            }
            _ => "write `true` or `false`".into(),
        },
        ("array", Value::Object(_)) => "write a list: one `- item` per line".into(),
        ("array", _) if source.trim().len() <= 40 && !source.trim().contains('\n') => {
            format!("write a list, such as `[{}]`", source.trim())
        }
        ("array", _) => "write a list: one `- item` per line".into(),
        ("object", _) => {
            "write a mapping: one `key: value` per line, indented below the key".into()
        }
        _ => format!("write {form}"),
    };
    Hint::new(form, help)
}

/// Formats a number without a trailing `.0` and with at most 4 decimals.
fn number(n: f64) -> String {
    let s = format!("{n:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.into()
    }
}

fn duration(found: &Value) -> Hint {
    let example = duration_example(found).unwrap_or_else(|| "2d".into());
    let unit = example.chars().last().unwrap_or('d');
    let mut examples = vec![format!("`{example}`")];
    for other in ["2d", "4h", "30m"] {
        if !other.ends_with(unit) && examples.len() < 3 {
            examples.push(format!("`{other}`"));
        }
    }
    let list = match examples.as_slice() {
        [a, b, c] => format!("{a}, {b} or {c}"),
        _ => examples.join(" or "),
    };
    Hint::new(
        def_form("Duration"),
        format!("write a duration such as {list}"),
    )
}

/// A duration in planforge's form that means what `found` likely meant: a
/// bare number is days, `3 days` is `3d`, `1.5h` is `90m`, `PT4H` is `4h`.
fn duration_example(found: &Value) -> Option<String> {
    let (amount, unit_minutes) = match found {
        Value::Number(n) => (n.as_f64()?, 1440.0),
        Value::String(s) => parse_duration_words(s)?,
        _ => return None,
    };
    if !(amount.is_finite() && amount > 0.0) {
        return None;
    }
    let minutes = amount * unit_minutes;
    for (unit, size) in [('w', 10080.0), ('d', 1440.0), ('h', 60.0), ('m', 1.0)] {
        if size <= unit_minutes && (minutes / size).fract() == 0.0 {
            return Some(format!("{}{unit}", number(minutes / size)));
        }
    }
    Some(format!("{}m", number(minutes.round().max(1.0))))
}

/// `3 days`, `4 hrs`, `1.5h`, `2 Weeks`, `PT30M`, `P3D` → (amount, minutes per unit).
fn parse_duration_words(s: &str) -> Option<(f64, f64)> {
    let s = s.trim().to_ascii_lowercase();
    let s = s
        .strip_prefix("pt")
        .or_else(|| s.strip_prefix('p'))
        .unwrap_or(&s);
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(s.len());
    let amount: f64 = s[..split].replace(',', ".").parse().ok()?;
    let unit = s[split..].trim();
    let minutes = match unit {
        "m" | "min" | "mins" | "minute" | "minutes" => 1.0,
        "h" | "hr" | "hrs" | "hour" | "hours" => 60.0,
        "" | "d" | "day" | "days" => 1440.0,
        "w" | "wk" | "wks" | "week" | "weeks" => 10080.0,
        _ => return None,
    };
    Some((amount, minutes))
}

fn probability(found: &Value) -> Hint {
    let value = match found {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => {
            let t = s.trim();
            match t.strip_suffix('%') {
                Some(p) => p.trim().parse::<f64>().ok().map(|p| p / 100.0),
                None => t.parse::<f64>().ok(),
            }
        }
        _ => None,
    };
    // A number from 1 to 100 was most likely meant as a percentage.
    let example = match value {
        Some(p) if (0.0..=1.0).contains(&p) => p,
        Some(p) if (1.0..=100.0).contains(&p) => p / 100.0,
        _ => 0.3,
    };
    Hint::new(
        def_form("Probability"),
        format!(
            "write a probability between 0 and 1, such as `{}`",
            number(example)
        ),
    )
}

fn percent(found: &Value) -> Hint {
    let example = match found {
        Value::String(s) => s.trim().trim_end_matches('%').trim().parse::<f64>().ok(),
        _ => None,
    }
    .filter(|p| (0.0..=100.0).contains(p))
    .unwrap_or(90.0);
    Hint::new(
        def_form("Percent"),
        format!(
            "write a percentage between 0 and 100 without `%`, such as `{}`",
            number(example)
        ),
    )
}

fn impact(found: &Value) -> Hint {
    let example = match found {
        Value::Number(n) => n.as_f64().map(|n| n.round().clamp(1.0, 5.0)),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "negligible" | "very low" => Some(1.0),
            "minor" | "low" => Some(2.0),
            "moderate" | "medium" => Some(3.0),
            "major" | "high" => Some(4.0),
            "severe" | "critical" | "very high" => Some(5.0),
            t => t.parse::<f64>().ok().map(|n| n.round().clamp(1.0, 5.0)),
        },
        _ => None,
    }
    .unwrap_or(3.0);
    Hint::new(
        def_form("Impact"),
        format!(
            "write 1 (negligible), 2 (minor), 3 (moderate), 4 (major) or 5 (severe), such as `{}`",
            number(example)
        ),
    )
}

fn date(found: &Value) -> Hint {
    let example = found.as_str().and_then(year_first_date);
    let help = match example {
        Some(d) => format!("write the date as `YYYY-MM-DD`: `{d}`"),
        None => "write the date as `YYYY-MM-DD`, such as `2026-03-02`".into(),
    };
    Hint::new(def_form("Date"), help)
}

/// `2026/3/2`, `2026.03.02`, `2026-3-2` → `2026-03-02`. Day-first and
/// month-first dates are ambiguous and get no example.
fn year_first_date(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.trim().split(['-', '/', '.']).collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    ((1000..=9999).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn help(h: Hint) -> String {
        h.help.unwrap_or_default()
    }

    #[test]
    fn a_bare_number_of_days_suggests_days_first() {
        let h = for_type(Some("Duration"), "string", &json!(2), "2");
        assert_eq!(help(h), "write a duration such as `2d`, `4h` or `30m`");
    }

    #[test]
    fn duration_words_and_fractions_become_planforge_durations() {
        let ex = |s: &str| duration_example(&json!(s));
        assert_eq!(ex("3 days").as_deref(), Some("3d"));
        assert_eq!(ex("1.5h").as_deref(), Some("90m"));
        assert_eq!(ex("2 Weeks").as_deref(), Some("2w"));
        assert_eq!(ex("PT4H").as_deref(), Some("4h"));
        assert_eq!(ex("14 days").as_deref(), Some("14d"));
        assert_eq!(ex("soon"), None);
        assert_eq!(duration_example(&json!(0.5)).as_deref(), Some("12h"));
    }

    #[test]
    fn a_percentage_probability_suggests_the_fraction() {
        let h = for_type(Some("Probability"), "number", &json!("40%"), "40%");
        assert_eq!(h.form, "a probability (a number from 0 to 1)");
        assert_eq!(
            help(h),
            "write a probability between 0 and 1, such as `0.4`"
        );
        let over = for_maximum(Some("Probability"), &json!(35)).unwrap();
        assert_eq!(
            help(over),
            "write a probability between 0 and 1, such as `0.35`"
        );
    }

    #[test]
    fn impact_words_map_to_the_scale() {
        let h = for_type(Some("Impact"), "integer", &json!("High"), "High");
        assert!(help(h).ends_with("such as `4`"));
    }

    #[test]
    fn year_first_dates_are_normalised_and_ambiguous_ones_are_not() {
        assert_eq!(year_first_date("2026/3/2").as_deref(), Some("2026-03-02"));
        assert_eq!(year_first_date("03/02/2026"), None);
    }

    #[test]
    fn text_fields_holding_numbers_are_told_to_quote_the_source() {
        let h = for_type(None, "string", &json!(1.1), "1.10");
        assert_eq!(help(h), "quote it to keep it as text: `\"1.10\"`");
    }

    #[test]
    fn a_null_value_says_to_give_one_or_remove_the_key() {
        let h = for_type(Some("Duration"), "string", &Value::Null, "~");
        assert_eq!(
            help(h),
            "write a value, or remove the key to use its default"
        );
    }
}
