//! The demo: which representation, with which status, for a request's
//! negotiation fields.
//!
//! ```text
//! cargo run --example negotiate                       # a tour of real clients
//! cargo run --example negotiate -- --accept 'application/json' --language 'ko, en;q=0.5'
//! cargo run --example negotiate -- --accept 'image/*' # 406 and its body
//! ```
//!
//! Options: `--accept`, `--language`, `--encoding`, `--charset` (each a field
//! value; leave one out for "absent"), `--strict` (answer 400 on a malformed
//! field, with the byte offset).

use conneg::{
    Accept, AcceptCharset, AcceptEncoding, AcceptLanguage, Alternatives, ContentNegotiation, Variant,
    negotiate::VariantChoice,
};

/// A document in HTML, JSON and plain text, English and Korean; the HTML also
/// gzipped.
const VARIANTS: [Variant<'static>; 8] = [
    Variant::new("text/html")
        .with_language("en")
        .with_charset("utf-8")
        .with_uri("/doc.en.html"),
    Variant::new("text/html")
        .with_language("en")
        .with_charset("utf-8")
        .with_encoding("gzip")
        .with_uri("/doc.en.html.gz"),
    Variant::new("text/html")
        .with_language("ko")
        .with_charset("utf-8")
        .with_uri("/doc.ko.html"),
    Variant::new("text/html")
        .with_language("ko")
        .with_charset("utf-8")
        .with_encoding("gzip")
        .with_uri("/doc.ko.html.gz"),
    Variant::new("application/json")
        .with_language("en")
        .with_charset("utf-8")
        .with_uri("/doc.en.json"),
    Variant::new("application/json")
        .with_language("ko")
        .with_charset("utf-8")
        .with_uri("/doc.ko.json"),
    Variant::new("text/plain")
        .with_language("en")
        .with_charset("utf-8")
        .with_uri("/doc.en.txt"),
    Variant::new("text/plain")
        .with_language("ko")
        .with_charset("utf-8")
        .with_uri("/doc.ko.txt"),
];

#[derive(Default)]
struct Fields {
    accept: Option<String>,
    language: Option<String>,
    encoding: Option<String>,
    charset: Option<String>,
}

fn show(label: &str, f: &Fields, strict: bool) {
    println!("== {label}");
    for (name, value) in [
        ("Accept", &f.accept),
        ("Accept-Language", &f.language),
        ("Accept-Encoding", &f.encoding),
        ("Accept-Charset", &f.charset),
    ] {
        if let Some(v) = value {
            println!("   {name}: {v}");
        }
    }
    fn bytes(v: &Option<String>) -> Option<&[u8]> {
        v.as_deref().map(str::as_bytes)
    }
    let accept = Accept::from_field(bytes(&f.accept).into());
    let language = AcceptLanguage::from_field(bytes(&f.language).into());
    let encoding = AcceptEncoding::from_field(bytes(&f.encoding).into());
    let charset = AcceptCharset::from_field(bytes(&f.charset).into());
    if strict {
        let errors = [
            accept.validate(),
            language.validate(),
            encoding.validate(),
            charset.validate(),
        ];
        if let Some(Err(e)) = errors.into_iter().find(Result::is_err) {
            println!("-> 400 Bad Request: {e}\n");
            return;
        }
    }
    let selection = ContentNegotiation::new()
        .accept(accept)
        .accept_language(language)
        .accept_encoding(encoding)
        .accept_charset(charset)
        .select(&VARIANTS);
    let vary = selection.vary();
    let (index, how) = match selection.choice() {
        VariantChoice::Selected { index, quality } => (Some(index), format!("q={quality}")),
        VariantChoice::Disregarded { index } => (Some(index), "fields disregarded".to_string()),
        VariantChoice::NotAcceptable => (None, String::new()),
    };
    match index {
        Some(index) => {
            let v = VARIANTS[index];
            println!("-> 200 OK  {} ({how})", v.uri().unwrap_or("?"));
            println!(
                "   Content-Type: {}; charset={}",
                v.media_type(),
                v.charset().unwrap_or("utf-8")
            );
            println!("   Content-Language: {}", v.language().unwrap_or("-"));
            if let Some(coding) = v.encoding() {
                println!("   Content-Encoding: {coding}");
            }
        }
        None => {
            println!("-> 406 Not Acceptable");
            println!("   Content-Type: application/problem+json");
            println!("   {}", Alternatives::problem_json(&VARIANTS));
        }
    }
    println!("   Vary: {vary}\n");
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut fields = Fields::default();
    let mut strict = false;
    let mut any = false;
    while let Some(arg) = args.next() {
        let slot = match arg.as_str() {
            "--accept" => &mut fields.accept,
            "--language" => &mut fields.language,
            "--encoding" => &mut fields.encoding,
            "--charset" => &mut fields.charset,
            "--strict" => {
                strict = true;
                continue;
            }
            other => {
                eprintln!("unknown argument {other:?}; see the example's docs");
                std::process::exit(2);
            }
        };
        *slot = args.next();
        any = true;
    }
    if any {
        show("your request", &fields, strict);
        return;
    }
    let s = |v: &str| Some(v.to_string());
    show(
        "Chrome, Korean user",
        &Fields {
            accept: s(
                "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
            ),
            language: s("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7"),
            encoding: s("gzip, deflate, br, zstd"),
            charset: None,
        },
        false,
    );
    show(
        "curl",
        &Fields {
            accept: s("*/*"),
            ..Fields::default()
        },
        false,
    );
    show(
        "API client",
        &Fields {
            accept: s("application/json, text/plain;q=0.5"),
            language: s("en"),
            ..Fields::default()
        },
        false,
    );
    show(
        "an image loader",
        &Fields {
            accept: s("image/avif,image/webp,*/*;q=0"),
            ..Fields::default()
        },
        false,
    );
    show(
        "a malformed header, strict mode",
        &Fields {
            accept: s("text/html;q=1.5"),
            ..Fields::default()
        },
        true,
    );
}
