//! Property tests: arbitrary bytes and arbitrary YAML documents fed to every loader
//! never panic, and every failure is a located error (file and line).

use super::{decode_text, parse_page, yaml};
use crate::diagnostics::Diagnostic;
use crate::model::{
    Competencies, FrontMatter, Glossary, Ideal, Mindsets, PolicyArea, Positioning, Ranks, Roles,
    SiteConfig, Skills, Survey,
};
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};

fn assert_located(error: &Diagnostic) {
    assert!(error.file.is_some(), "no file in {error}");
    assert!(error.line.is_some(), "no line in {error}");
}

/// Parses `text` and deserialises it as `T`; any failure must be located.
fn load_as<T: DeserializeOwned>(text: &str) {
    match yaml::parse("content/x.yaml", text, 0) {
        Ok(doc) => {
            if let Err(error) = yaml::typed::<T>(&doc) {
                assert_located(&error);
            }
        }
        Err(error) => assert_located(&error),
    }
}

fn every_loader(text: &str) {
    load_as::<SiteConfig>(text);
    load_as::<Positioning>(text);
    load_as::<Ideal>(text);
    load_as::<Mindsets>(text);
    load_as::<Skills>(text);
    load_as::<Ranks>(text);
    load_as::<Competencies>(text);
    load_as::<Roles>(text);
    load_as::<PolicyArea>(text);
    load_as::<Survey>(text);
    load_as::<Glossary>(text);
    load_as::<FrontMatter>(text);
    if let Err(error) = parse_page("content/pages/x.ja.md", text) {
        assert_located(&error);
    }
}

/// Keys that the schema uses, so generated documents get deep into the types.
const KEYS: &[&str] = &[
    "title",
    "ja",
    "en",
    "id",
    "number",
    "body",
    "ranks",
    "weights",
    "mindsets",
    "pillars",
    "expectations",
    "languages",
    "code",
    "name",
    "terms",
    "breakdowns",
    "rows",
    "count",
    "target",
    "respondents",
    "measures",
];

fn yaml_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        "[a-zぁ-ん漢字 :#*&!\\-]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Sequence),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|pairs| {
                let mut map = Mapping::new();
                for (key, value) in pairs {
                    map.insert(Value::String(key.to_string()), value);
                }
                Value::Mapping(map)
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_and_errors_are_located(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        match decode_text("content/x.yaml", bytes) {
            Ok(text) => every_loader(&text),
            Err(error) => assert_located(&error),
        }
    }

    #[test]
    fn arbitrary_yaml_documents_never_panic_and_errors_are_located(value in yaml_value()) {
        let text = serde_yaml::to_string(&value).unwrap_or_default();
        every_loader(&text);
        every_loader(&format!("---\n{text}---\nbody\n"));
    }

    #[test]
    fn arbitrary_yaml_like_text_never_panics(text in "([a-z]{1,8}: ?(\\{|\\[|\\*|&|!|'|\"|-|\\|)?[a-z0-9 ]{0,6}\n {0,4}){0,12}") {
        every_loader(&text);
    }
}
