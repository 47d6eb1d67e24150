//! Rendering one theme template, and a broken template's error in an HR editor's words.

use crate::diagnostics::Diagnostic;
use serde::Serialize;
use tera::{Context, Tera};

pub fn render_template<T: Serialize>(
    tera: &Tera,
    name: &str,
    context: &T,
) -> Result<String, Diagnostic> {
    render_with_words(tera, name, &Context::new(), context)
}

/// Renders `name` with `context` and the words it reads (`TemplateWords::for_template`),
/// which are cloned, not serialised again for every page.
pub fn render_with_words<T: Serialize>(
    tera: &Tera,
    name: &str,
    words: &Context,
    context: &T,
) -> Result<String, Diagnostic> {
    let mut full = words.clone();
    match Context::from_serialize(context) {
        Ok(context) => full.extend(context),
        Err(error) => return Err(template_error(name, &error)),
    };
    tera.render(name, &full)
        .map_err(|error| template_error(name, &error))
}

/// A Tera error with its whole chain of causes, naming the template.
pub fn template_error(name: &str, error: &tera::Error) -> Diagnostic {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    let message_ja = if name == "(compiling)" {
        format!("テンプレートの書き方に誤りがあり、読み取れません（{message}）")
    } else {
        format!("テンプレート `{name}` からページを作れません（{message}）")
    };
    Diagnostic::error("template", message, message_ja)
        .in_file(format!("templates/{name}"))
        .hint(
            "a theme template is broken; if you changed one in templates/ or themes/, check it against the default theme",
            "テーマのテンプレートに誤りがあります。templates/ か themes/ のテンプレートを変更した場合は、標準のテーマ（themes/default）と見比べてください",
        )
}
