//! The first screen, as plain HTML inside the page: the header, the sample-data notice and the
//! park list, in the reader's language, so that an investor on a weak mobile network sees the
//! county's parks as soon as the page arrives, a second or more before the wasm has downloaded
//! and started. The app replaces it, element for element, with the live screen (same classes,
//! same text: nothing moves); until then it is `inert`, so no click or focus goes into it.
//!
//! The words come from the app's own locale files and the counts from the model's rules, so
//! the two screens cannot say different things.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::LazyLock;
use ysmap_map::projection::{LngLat, project};
use ysmap_map::svg::path_data;
use ysmap_model::catalog::OfferCounts;
use ysmap_model::geometry::Boundary;
use ysmap_model::wire;
use ysmap_model::{Catalog, Lang};

/// The app's translations, read from the same files the app is built from.
static LOCALES: LazyLock<[HashMap<String, String>; 2]> = LazyLock::new(|| {
    let read = |json: &str| serde_json::from_str(json).unwrap_or_default();
    [
        read(include_str!("../../locales/zh-CN.json")),
        read(include_str!("../../locales/en.json")),
    ]
});

use ysmap_model::page::FIRST_SCREEN_CLASS as CLASS;

fn word(lang: Lang, key: &str) -> &'static str {
    let table = match lang {
        Lang::Zh => &LOCALES[0],
        Lang::En => &LOCALES[1],
    };
    table.get(key).map_or("", String::as_str)
}

/// `text` with the characters that mean something in HTML escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The first screen of `whole` in `lang`, as the app draws it (see `src/components/shell.rs`
/// and `park_list.rs`): of the county `region` when it is one of a city's (the app's address
/// chose it), else of the whole catalog.
pub fn render(whole: &Catalog, region: Option<&str>, lang: Lang) -> String {
    let county = region
        .filter(|_| whole.regions.len() > 1)
        .and_then(|r| whole.for_region(r));
    let catalog = county.as_ref().unwrap_or(whole);
    let w = |key: &str| escape(word(lang, key));
    let mut html = String::new();
    let _ = write!(
        html,
        r#"<div class="ysmap {CLASS}" lang="{}" inert aria-busy="true"><header class="ysmap-header"><div class="ysmap-brand"><h1><span class="county">{}</span> {}</h1>"#,
        lang.tag(),
        escape(catalog.meta.county.get(lang)),
        w("app_title"),
    );
    if catalog.meta.sample {
        let _ = write!(
            html,
            r#"<span class="ysmap-badge-sample">{}</span>"#,
            w("sample_badge")
        );
    }
    if whole.regions.len() > 1 {
        // The choice of county, with every option: a select is as wide as its widest.
        let city = word(lang, "region_whole").replace("{{ city }}", whole.meta.county.get(lang));
        let chosen = |yes: bool| if yes { " selected" } else { "" };
        let _ = write!(
            html,
            r#"<label class="ysmap-region"><span>{}</span><select><option{}>{}</option>"#,
            w("region_label"),
            chosen(county.is_none()),
            escape(&city)
        );
        for r in &whole.regions {
            let selected = county.is_some() && region == Some(r.id.as_str());
            let _ = write!(
                html,
                "<option{}>{}</option>",
                chosen(selected),
                escape(r.name.get(lang))
            );
        }
        html.push_str("</select></label>");
    }
    let _ = write!(
        html,
        r#"</div><nav class="ysmap-nav"><button type="button" aria-current="page">{}</button><button type="button">{}</button><button type="button">{}</button><button type="button">{}</button><button type="button">{}</button><button type="button">{}</button></nav><button type="button" class="ysmap-elderly-switch" aria-pressed="false">{}</button><div class="ysmap-lang"><button type="button" lang="zh-CN" aria-pressed="{}">{}</button><button type="button" lang="en" aria-pressed="{}">{}</button></div></header>"#,
        w("nav_parks"),
        w("nav_facilities"),
        w("nav_policies"),
        w("nav_shortlist"),
        w("nav_apply"),
        w("nav_track"),
        w("elderly_mode"),
        lang == Lang::Zh,
        escape(word(Lang::Zh, "lang_zh")),
        lang == Lang::En,
        escape(word(Lang::En, "lang_en")),
    );
    if catalog.meta.sample {
        let _ = write!(
            html,
            r#"<p class="ysmap-sample-notice">{}</p>"#,
            w("sample_notice")
        );
    }
    let _ = write!(
        html,
        r#"<div class="ysmap-body" data-sheet="half"><div class="ysmap-sheet"><div class="ysmap-sheet-bar"><span class="grip"></span><div role="group"><button type="button"><span aria-hidden="true">▾</span> {}</button><button type="button"><span aria-hidden="true">▴</span> {}</button></div></div><div class="ysmap-sheet-scroll"><section class="ysmap-panel"><h2>{}</h2><p class="ysmap-intro">{}</p><ul class="ysmap-park-list">"#,
        w("sheet_lower"),
        w("sheet_raise"),
        w("parks_heading"),
        w("parks_intro"),
    );
    for park in &catalog.parks {
        let counts = OfferCounts::of(catalog.facilities_of(&park.id));
        let count = |key: &str, n: usize| word(lang, key).replace("{{ count }}", &n.to_string());
        let mut line = escape(&count("park_facility_count", counts.on_offer));
        if counts.under_construction > 0 {
            line.push_str(" · ");
            line.push_str(&escape(&count(
                "park_under_construction_count",
                counts.under_construction,
            )));
        }
        if counts.taken > 0 {
            let _ = write!(
                line,
                r#"<span class="taken"> · {}</span>"#,
                escape(&count("park_taken_count", counts.taken))
            );
        }
        let industries: Vec<&str> = park
            .leading_industry_ids
            .iter()
            .filter_map(|i| catalog.industry(i))
            .map(|i| i.name.get(lang))
            .collect();
        let _ = write!(
            html,
            r#"<li><button type="button" class="ysmap-park-card"><span class="name">{}</span><span class="meta">{} · {}</span><span class="industries">{}</span><span class="count">{}</span></button></li>"#,
            escape(park.name.get(lang)),
            w(&format!("park_kind_{}", wire::code(park.kind))),
            w(&format!("park_level_{}", wire::code(park.level))),
            escape(&industries.join(" · ")),
            line,
        );
    }
    let _ = write!(
        html,
        r#"</ul></section></div></div><div class="ysmap-map-frame">{}</div></div></div>"#,
        still_map(catalog)
    );
    html
}

/// Drawing units per world unit: world units at zoom 12, so that path data rounded to 0.1
/// (`ysmap_map::svg`) is finer than a pixel at any zoom a county is shown at.
const UNITS: f64 = 4096.0;

/// The county's vector base and its parks as the live map first draws them: the county fitted
/// into the frame with the live map's margin (`FIT_PADDING_PX`; app.css places the picture
/// with it), Web Mercator, strokes in CSS px. Paths only: the names, markers and controls come
/// with the app, which replaces this picture in the frame it draws its own.
fn still_map(catalog: &Catalog) -> String {
    let base = &catalog.base_map();
    let to_units = |p: &[f64; 2]| {
        let w = project(LngLat::new(p[0], p[1]));
        (w.x * UNITS, w.y * UNITS)
    };
    let rings = |b: &Boundary| -> String {
        b.polygons()
            .into_iter()
            .flatten()
            .map(|ring| path_data(ring.iter().map(to_units), true))
            .collect()
    };
    let outline: Vec<(f64, f64)> = base
        .outline
        .polygons()
        .into_iter()
        .flatten()
        .flatten()
        .map(to_units)
        .collect();
    let Some(&(x0, y0)) = outline.first() else {
        return String::new();
    };
    let (mut min, mut max) = ((x0, y0), (x0, y0));
    for &(x, y) in &outline {
        min = (min.0.min(x), min.1.min(y));
        max = (max.0.max(x), max.1.max(y));
    }
    let mut svg = format!(
        r#"<div class="ysmap-map" aria-hidden="true"><svg class="ysmap-first-map" viewBox="{:.1} {:.1} {:.1} {:.1}" preserveAspectRatio="xMidYMid meet">"#,
        min.0,
        min.1,
        (max.0 - min.0).max(1.0),
        (max.1 - min.1).max(1.0)
    );
    let _ = write!(
        svg,
        r#"<path class="region" d="{}" vector-effect="non-scaling-stroke"/>"#,
        rings(&base.outline)
    );
    for line in &base.lines {
        let _ = write!(
            svg,
            r#"<path class="base-line {}" d="{}" vector-effect="non-scaling-stroke"/>"#,
            wire::code(line.kind),
            path_data(line.path.coordinates.iter().map(to_units), false)
        );
    }
    for park in &catalog.parks {
        let _ = write!(
            svg,
            r#"<path class="area" d="{}" vector-effect="non-scaling-stroke"/>"#,
            rings(&park.boundary)
        );
    }
    svg.push_str("</svg></div>");
    svg
}

/// `page` with `first_screen` as the first content of its host element (`id="ysmap"`);
/// `None` when the page has no host element.
pub fn insert(page: &str, first_screen: &str) -> Option<String> {
    let host = page.find(r#"id="ysmap""#)?;
    let open_end = host + page[host..].find('>')? + 1;
    Some(format!(
        "{}{first_screen}{}",
        &page[..open_end],
        &page[open_end..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Catalog {
        serde_json::from_str(include_str!("../../public/data/catalog.json")).expect("sample")
    }

    #[test]
    fn every_word_it_uses_is_translated_in_both_languages() {
        let c = sample();
        for lang in [Lang::Zh, Lang::En] {
            let html = render(&c, None, lang);
            assert!(
                !html.contains("park_kind_") && !html.contains("{{"),
                "{html}"
            );
            assert!(html.contains(word(lang, "parks_intro")));
            for p in &c.parks {
                assert!(html.contains(&escape(p.name.get(lang))), "{}", p.id);
                let kind = word(lang, &format!("park_kind_{}", wire::code(p.kind)));
                assert!(!kind.is_empty() && html.contains(kind), "{}", p.id);
            }
        }
    }

    #[test]
    fn draws_the_county_its_lines_and_every_park_before_the_app() {
        let c = sample();
        let html = render(&c, None, Lang::Zh);
        assert_eq!(html.matches(r#"<path class="area""#).count(), c.parks.len());
        assert_eq!(html.matches(r#"<path class="region""#).count(), 1);
        assert_eq!(
            html.matches(r#"<path class="base-line "#).count(),
            c.base_map().lines.len()
        );
        assert_eq!(
            html.matches(r#"<path class="base-line county_border""#)
                .count(),
            c.regions.len(),
            "the city's counties"
        );
        assert!(html.contains(r#"class="base-line main_road""#));
        assert!(
            html.contains("<option selected>全市(示例市)</option>"),
            "the county choice"
        );
        assert!(html.contains(r#"preserveAspectRatio="xMidYMid meet""#));
        // No style attribute: the Content-Security-Policy allows none.
        assert!(!html.contains("style="));
    }

    #[test]
    fn a_county_chosen_in_the_address_has_its_own_first_screen() {
        let c = sample();
        let html = render(&c, Some("dongyuan"), Lang::Zh);
        assert_eq!(html.matches(r#"<path class="area""#).count(), 1);
        assert!(html.contains("东塬经济技术开发区") && !html.contains("示例县工业园区"));
        assert!(
            html.contains("<option selected>东塬区</option>"),
            "the choice shows the county"
        );
        assert_eq!(
            html.matches(r#"class="base-line county_border""#).count(),
            0
        );
        // An unknown county is the whole city.
        assert_eq!(
            render(&c, Some("atlantis"), Lang::Zh),
            render(&c, None, Lang::Zh)
        );
    }

    #[test]
    fn the_still_map_keeps_the_live_maps_margin() {
        let css = include_str!("../../assets/app.css");
        let rule = css
            .lines()
            .find(|l| l.starts_with(".ysmap-first-map"))
            .expect("app.css places the still map");
        let px = ysmap_map::viewport::FIT_PADDING_PX;
        assert!(rule.contains(&format!("inset: {px}px")), "{rule}");
        assert!(
            rule.contains(&format!("calc(100% - {}px)", 2.0 * px)),
            "{rule}"
        );
    }

    #[test]
    fn counts_what_is_on_offer_as_the_app_does() {
        let c = sample();
        let html = render(&c, None, Lang::En);
        for p in &c.parks {
            let n = OfferCounts::of(c.facilities_of(&p.id)).on_offer;
            assert!(
                html.contains(&format!("{n} available facilities")),
                "{}",
                p.id
            );
        }
        // The industrial park: what can be had now, what is being built, what is gone.
        assert!(html.contains(
            "10 available facilities · 1 under construction<span class=\"taken\"> · 2 more let or sold</span>"
        ));
    }

    #[test]
    fn catalog_text_is_escaped() {
        assert_eq!(
            escape(r#"<b>"A&B"</b>"#),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;"
        );
    }

    #[test]
    fn goes_inside_the_host_element() {
        let page = r#"<body><div id="ysmap" data-tiles="osm"></div></body>"#;
        assert_eq!(
            insert(page, "<p>x</p>").as_deref(),
            Some(r#"<body><div id="ysmap" data-tiles="osm"><p>x</p></div></body>"#)
        );
        assert_eq!(insert("<body></body>", "<p>x</p>"), None);
    }
}
