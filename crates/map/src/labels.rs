//! Label placement with collision avoidance, by priority: park names, place names and the map's
//! symbols (markers, clusters with their counts, landmarks, town dots) never overlap. Labels are
//! placed greedily, most important first; each tries its candidate positions around its anchor,
//! then its short form, and gives way (is not drawn at this zoom) when nothing fits. Symbols are
//! obstacles: no label covers one.
//!
//! Sizes are estimated, not measured (the core has no fonts): a CJK glyph is about 1 em wide,
//! other characters about 0.6 em, lines 1.2 em apart. The estimate errs wide, so that a label
//! that fits by the estimate fits on screen.
//!
//! Everything is in CSS pixels of the view the labels are laid out for.
//!
//! # References
//! - S. van Dijk et al., "Towards an evaluation of quality for names placement methods" (2002),
//!   and the greedy, priority-ordered candidate-position method most web maps use (Mapbox GL's
//!   symbol placement: `text-variable-anchor`, collision boxes, symbol sort key).

/// Width of a CJK glyph, em.
pub const CJK_EM: f64 = 1.0;
/// Width of any other character (Latin letters, digits, punctuation), em.
pub const OTHER_EM: f64 = 0.6;
/// Distance between the baselines of a label's lines, em.
pub const LINE_HEIGHT_EM: f64 = 1.2;
/// Space kept clear around a label's text: its white halo (a 3 px stroke) and a little air, CSS px.
pub const HALO_PX: f64 = 2.0;
/// The last resort of a crowded label: its (short) name cut to this width, em, with "…".
pub const ABBREVIATION_EM: f64 = 8.0;
/// A park narrower than this on screen, CSS px, offers only its short name, after the wider
/// parks, so that a county of many small parks is not buried under their full names.
pub const MIN_AREA_LABEL_WIDTH_PX: f64 = 48.0;

/// A box on screen, CSS px: left, top, right, bottom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
}

impl Rect {
    /// The square of half-side `r` around (`x`, `y`): a symbol's footprint.
    ///
    /// ```
    /// use ysmap_map::labels::Rect;
    /// assert_eq!(Rect::around(10.0, 20.0, 5.0), Rect { x0: 5.0, y0: 15.0, x1: 15.0, y1: 25.0 });
    /// ```
    pub fn around(x: f64, y: f64, r: f64) -> Rect {
        Rect {
            x0: x - r,
            y0: y - r,
            x1: x + r,
            y1: y + r,
        }
    }

    /// Whether the two boxes share some area (touching edges do not count).
    ///
    /// ```
    /// use ysmap_map::labels::Rect;
    /// let a = Rect::around(0.0, 0.0, 1.0);
    /// assert!(a.overlaps(&Rect::around(1.5, 0.0, 1.0)));
    /// assert!(!a.overlaps(&Rect::around(2.0, 0.0, 1.0)));
    /// ```
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x0 < other.x1 && other.x0 < self.x1 && self.y0 < other.y1 && other.y0 < self.y1
    }

    /// Whether `other` lies wholly inside this box.
    ///
    /// ```
    /// use ysmap_map::labels::Rect;
    /// let view = Rect { x0: 0.0, y0: 0.0, x1: 100.0, y1: 100.0 };
    /// assert!(view.contains(&Rect::around(50.0, 50.0, 50.0)));
    /// assert!(!view.contains(&Rect::around(99.0, 50.0, 2.0)));
    /// ```
    pub fn contains(&self, other: &Rect) -> bool {
        other.x0 >= self.x0 && other.y0 >= self.y0 && other.x1 <= self.x1 && other.y1 <= self.y1
    }

    fn grow(&self, d: f64) -> Rect {
        Rect {
            x0: self.x0 - d,
            y0: self.y0 - d,
            x1: self.x1 + d,
            y1: self.y1 + d,
        }
    }
}

/// Where a label goes relative to its anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// Centred on the anchor.
    Centre,
    /// Centred above it, `offset` clear.
    Above,
    /// Centred below it.
    Below,
    /// To its right, vertically centred.
    Right,
    /// To its left.
    Left,
    /// Above and to the right, the box's corner `offset` from the anchor on both axes.
    AboveRight,
    /// Above and to the left.
    AboveLeft,
    /// Below and to the right.
    BelowRight,
    /// Below and to the left.
    BelowLeft,
}

/// How a placed label's lines align on its `x` (SVG `text-anchor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextAnchor {
    /// `x` is the left end of the lines.
    Start,
    /// `x` is their middle.
    Middle,
    /// `x` is their right end.
    End,
}

impl TextAnchor {
    /// The SVG `text-anchor` value.
    ///
    /// ```
    /// use ysmap_map::labels::TextAnchor;
    /// assert_eq!(TextAnchor::Middle.svg(), "middle");
    /// ```
    pub fn svg(self) -> &'static str {
        match self {
            TextAnchor::Start => "start",
            TextAnchor::Middle => "middle",
            TextAnchor::End => "end",
        }
    }
}

/// One candidate spot: a position and how far from the anchor, CSS px (ignored for `Centre`).
pub type Candidate = (Position, f64);

/// Park names: on the park's label point when free, else around it, near and then clear of a
/// cluster circle (up to 26 px) sitting on it.
pub const AREA_CANDIDATES: &[Candidate] = &[
    (Position::Centre, 0.0),
    (Position::Above, 8.0),
    (Position::Below, 8.0),
    (Position::Above, 30.0),
    (Position::Below, 30.0),
    (Position::Right, 30.0),
    (Position::Left, 30.0),
    (Position::AboveRight, 22.0),
    (Position::AboveLeft, 22.0),
    (Position::BelowRight, 22.0),
    (Position::BelowLeft, 22.0),
];
/// Place names: beside their dot (radius 4 px), right first as maps usually do; then clear of
/// a cluster circle covering the dot.
pub const PLACE_CANDIDATES: &[Candidate] = &[
    (Position::Right, 6.0),
    (Position::Left, 6.0),
    (Position::Above, 6.0),
    (Position::Below, 6.0),
    (Position::Right, 28.0),
    (Position::Left, 28.0),
    (Position::Above, 28.0),
    (Position::Below, 28.0),
];

/// A label to place.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// Its text.
    pub text: String,
    /// A shorter form, tried when the full text fits nowhere.
    pub short: Option<String>,
    /// Offer only the short form (when there is one).
    pub short_only: bool,
    /// The point it labels, CSS px.
    pub x: f64,
    /// The point it labels, CSS px.
    pub y: f64,
    /// Font size, CSS px.
    pub font_px: f64,
    /// Lines longer than this wrap at spaces, CSS px.
    pub max_line_px: f64,
    /// Higher places first and wins.
    pub priority: u32,
    /// Where it may go, in order of preference.
    pub candidates: &'static [Candidate],
}

/// A label that found a place.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// Which input label (its index).
    pub index: usize,
    /// The lines to draw (the full text or the short form, wrapped).
    pub lines: Vec<String>,
    /// Whether it is the short form.
    pub short: bool,
    /// The lines' `x`, aligned by `anchor`, CSS px.
    pub x: f64,
    /// The first line's baseline, CSS px.
    pub y: f64,
    /// Distance between baselines, CSS px.
    pub line_height_px: f64,
    /// How the lines align on `x`.
    pub anchor: TextAnchor,
    /// The box the text takes (without its halo), CSS px.
    pub rect: Rect,
}

/// Whether a character is drawn about 1 em wide (Han, kana, hangul, full-width forms).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA960..=0xA97F
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// The estimated width of one line of `text` at `font_px`, CSS px.
///
/// ```
/// use ysmap_map::labels::text_width_px;
/// assert_eq!(text_width_px("工业园", 12.0), 36.0);
/// assert_eq!(text_width_px("Park", 10.0), 24.0);
/// ```
pub fn text_width_px(text: &str, font_px: f64) -> f64 {
    text.chars()
        .map(|c| if is_wide(c) { CJK_EM } else { OTHER_EM })
        .sum::<f64>()
        * font_px
}

/// `text` broken at spaces into lines of at most `max_px` where it can be (a single word longer
/// than that keeps its own line); text without spaces (Chinese) stays on one line.
///
/// ```
/// use ysmap_map::labels::wrap;
/// assert_eq!(wrap("Sample County Industrial Park", 10.0, 100.0), ["Sample County", "Industrial Park"]);
/// assert_eq!(wrap("示例县工业园区", 10.0, 20.0), ["示例县工业园区"]);
/// ```
pub fn wrap(text: &str, font_px: f64, max_px: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line)
                if text_width_px(line, font_px)
                    + text_width_px(word, font_px)
                    + OTHER_EM * font_px
                    <= max_px =>
            {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

/// `text` cut to at most `max_px` wide at `font_px`, ending in "…": whole words where it has
/// spaces, else characters (Chinese); `None` when it fits already or nothing would be left.
///
/// ```
/// use ysmap_map::labels::abbreviate;
/// assert_eq!(abbreviate("Agricultural Products Processing and Trade Park", 10.0, 100.0).as_deref(), Some("Agricultural…"));
/// assert_eq!(abbreviate("农产品加工贸易园", 10.0, 50.0).as_deref(), Some("农产品加…"));
/// assert_eq!(abbreviate("Hebin Town", 10.0, 100.0), None);
/// ```
pub fn abbreviate(text: &str, font_px: f64, max_px: f64) -> Option<String> {
    if text_width_px(text, font_px) <= max_px {
        return None;
    }
    let budget = max_px - text_width_px("…", font_px);
    let mut out = String::new();
    for word in text.split_whitespace() {
        let gap = if out.is_empty() { "" } else { " " };
        if text_width_px(&out, font_px) + text_width_px(gap, font_px) + text_width_px(word, font_px)
            > budget
        {
            break;
        }
        out.push_str(gap);
        out.push_str(word);
    }
    if out.is_empty() {
        for c in text.chars() {
            if text_width_px(&out, font_px) + text_width_px(c.encode_utf8(&mut [0; 4]), font_px)
                > budget
            {
                break;
            }
            out.push(c);
        }
    }
    if out.trim().is_empty() {
        return None;
    }
    out.push('…');
    Some(out)
}

/// The box of a `w` × `h` label at `candidate` around (`x`, `y`), and its text's `x` and
/// alignment.
fn spot(x: f64, y: f64, w: f64, h: f64, (position, offset): Candidate) -> (Rect, f64, TextAnchor) {
    let (x0, y0, tx, anchor) = match position {
        Position::Centre => (x - w / 2.0, y - h / 2.0, x, TextAnchor::Middle),
        Position::Above => (x - w / 2.0, y - offset - h, x, TextAnchor::Middle),
        Position::Below => (x - w / 2.0, y + offset, x, TextAnchor::Middle),
        Position::Right => (x + offset, y - h / 2.0, x + offset, TextAnchor::Start),
        Position::Left => (x - offset - w, y - h / 2.0, x - offset, TextAnchor::End),
        Position::AboveRight => (x + offset, y - offset - h, x + offset, TextAnchor::Start),
        Position::AboveLeft => (x - offset - w, y - offset - h, x - offset, TextAnchor::End),
        Position::BelowRight => (x + offset, y + offset, x + offset, TextAnchor::Start),
        Position::BelowLeft => (x - offset - w, y + offset, x - offset, TextAnchor::End),
    };
    (
        Rect {
            x0,
            y0,
            x1: x0 + w,
            y1: y0 + h,
        },
        tx,
        anchor,
    )
}

/// Places `labels` among `obstacles` (symbols' footprints) within `bounds` (the view): the most
/// important first (highest `priority`, then the earlier in `labels`), each at its first
/// candidate whose box, with its halo, lies within `bounds` and overlaps no obstacle and no label
/// already placed; the full text first, then the short form. Labels that fit nowhere are left
/// out. The answer is in input order, and the same for the same input.
///
/// ```
/// use ysmap_map::labels::{place, Label, Rect, PLACE_CANDIDATES};
/// let town = |text: &str, priority| Label {
///     text: text.into(), short: None, short_only: false, x: 100.0, y: 100.0, font_px: 12.0,
///     max_line_px: 200.0, priority, candidates: PLACE_CANDIDATES,
/// };
/// // Two names at one spot: the more important takes the right side, the other goes left.
/// let view = Rect { x0: 0.0, y0: 0.0, x1: 800.0, y1: 600.0 };
/// let placed = place(&[town("东关镇", 1), town("城关街道", 2)], &[Rect::around(100.0, 100.0, 4.0)], &view);
/// assert_eq!(placed[0].index, 0);
/// assert!(placed[0].rect.x1 <= 100.0 && placed[1].rect.x0 >= 100.0);
/// ```
pub fn place(labels: &[Label], obstacles: &[Rect], bounds: &Rect) -> Vec<Placed> {
    // Most important first; equal priorities keep their input order.
    let mut order: Vec<usize> = (0..labels.len()).collect();
    crate::order::sort_by_keys(&mut order, |&i| {
        (u64::from(u32::MAX - labels[i].priority), 0)
    });
    let mut taken: Vec<Rect> = Vec::with_capacity(labels.len());
    let mut slots: Vec<Option<Placed>> = vec![None; labels.len()];
    for i in order {
        if let Some(p) = place_one(i, &labels[i], obstacles, &taken, bounds) {
            taken.push(p.rect.grow(HALO_PX));
            slots[i] = Some(p);
        }
    }
    slots.into_iter().flatten().collect()
}

fn place_one(
    index: usize,
    l: &Label,
    obstacles: &[Rect],
    taken: &[Rect],
    bounds: &Rect,
) -> Option<Placed> {
    let full = (!(l.short_only && l.short.is_some())).then_some(l.text.as_str());
    let abbreviated = abbreviate(
        l.short.as_deref().unwrap_or(&l.text),
        l.font_px,
        ABBREVIATION_EM * l.font_px,
    );
    let forms = [
        (full, false),
        (l.short.as_deref(), true),
        (abbreviated.as_deref(), true),
    ];
    let line_height_px = l.font_px * LINE_HEIGHT_EM;
    for (text, is_short) in forms {
        let Some(text) = text else { continue };
        let lines = wrap(text, l.font_px, l.max_line_px);
        if lines.is_empty() {
            continue;
        }
        let w = lines
            .iter()
            .map(|line| text_width_px(line, l.font_px))
            .fold(0.0, f64::max);
        let h = line_height_px * lines.len() as f64;
        for &candidate in l.candidates {
            let (rect, x, anchor) = spot(l.x, l.y, w, h, candidate);
            let halo = rect.grow(HALO_PX);
            if !bounds.contains(&halo) || obstacles.iter().chain(taken).any(|o| o.overlaps(&halo)) {
                continue;
            }
            return Some(Placed {
                index,
                lines,
                short: is_short,
                x,
                // The baseline sits about 0.9 em below the top of a 1.2 em line.
                y: rect.y0 + l.font_px * (LINE_HEIGHT_EM - 1.0) / 2.0 + l.font_px * 0.9,
                line_height_px,
                anchor,
                rect,
            });
        }
    }
    None
}

/// Whether a park `width_px` wide on screen gets its full name (else only its short one).
///
/// ```
/// use ysmap_map::labels::area_label_fits;
/// assert!(area_label_fits(48.0) && !area_label_fits(47.9));
/// ```
pub fn area_label_fits(width_px: f64) -> bool {
    width_px >= MIN_AREA_LABEL_WIDTH_PX
}

/// The priority of a park's name: the selected park's first, then parks wide enough for their
/// full name (wider first), then narrow parks (which offer their short name), and all of them
/// before place names ([`place_priority`]): the map is there to find parks.
///
/// ```
/// use ysmap_map::labels::{area_priority, place_priority};
/// assert!(area_priority(30.0, true) > area_priority(400.0, false));
/// assert!(area_priority(400.0, false) > area_priority(100.0, false));
/// assert!(area_priority(100.0, false) > area_priority(20.0, false));
/// assert!(area_priority(0.0, false) > place_priority(true));
/// ```
pub fn area_priority(width_px: f64, selected: bool) -> u32 {
    // Width in whole pixels, capped, orders parks within a tier.
    let width = crate::clamp(width_px, 0.0, 9_999.0) as u32;
    if selected {
        40_000
    } else if area_label_fits(width_px) {
        30_000 + width
    } else {
        20_000 + width
    }
}

/// The priority of a place's name: the county seat before towns, both after every park.
///
/// ```
/// use ysmap_map::labels::place_priority;
/// assert!(place_priority(true) > place_priority(false));
/// ```
pub fn place_priority(seat: bool) -> u32 {
    if seat { 10_001 } else { 10_000 }
}

/// The priority of a landmark's name (a station, an airport): after every park, before the
/// towns, whose dots already say where they are.
///
/// ```
/// use ysmap_map::labels::{area_priority, landmark_priority, place_priority};
/// assert!(area_priority(0.0, false) > landmark_priority());
/// assert!(landmark_priority() > place_priority(true));
/// ```
pub fn landmark_priority() -> u32 {
    15_000
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The view the tests place labels in.
    const VIEW: Rect = Rect {
        x0: 0.0,
        y0: 0.0,
        x1: 800.0,
        y1: 600.0,
    };

    /// A deterministic pseudo-random source (xorshift), so failures can be replayed.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> f64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    const WORDS: &[&str] = &[
        "示例县工业园区",
        "东关镇",
        "Sample County Industrial Park",
        "Hebin Town",
        "农产品加工贸易园",
        "Agricultural Products Processing and Trade Park",
        "12",
    ];

    fn random_labels(rng: &mut Rng, n: usize) -> (Vec<Label>, Vec<Rect>) {
        let labels = (0..n)
            .map(|i| {
                let word = WORDS[(rng.next() * WORDS.len() as f64) as usize % WORDS.len()];
                Label {
                    text: word.to_owned(),
                    short: (i % 2 == 0).then(|| word.chars().take(3).collect()),
                    short_only: i % 5 == 0,
                    x: rng.next() * 800.0,
                    y: rng.next() * 600.0,
                    font_px: 12.0 + (i % 2) as f64,
                    max_line_px: 160.0,
                    priority: (rng.next() * 5.0) as u32,
                    candidates: if i % 3 == 0 {
                        PLACE_CANDIDATES
                    } else {
                        AREA_CANDIDATES
                    },
                }
            })
            .collect();
        let obstacles = (0..n / 2)
            .map(|_| {
                Rect::around(
                    rng.next() * 800.0,
                    rng.next() * 600.0,
                    4.0 + rng.next() * 22.0,
                )
            })
            .collect();
        (labels, obstacles)
    }

    fn halo(p: &Placed) -> Rect {
        p.rect.grow(HALO_PX)
    }

    #[test]
    fn nothing_placed_overlaps_on_random_input() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for round in 0..200 {
            let (labels, obstacles) = random_labels(&mut rng, 5 + round % 60);
            let placed = place(&labels, &obstacles, &VIEW);
            for (i, a) in placed.iter().enumerate() {
                assert!(
                    VIEW.contains(&halo(a)),
                    "round {round}: label {} leaves the view",
                    a.index
                );
                for o in &obstacles {
                    assert!(
                        !halo(a).overlaps(o),
                        "round {round}: label {} on a symbol",
                        a.index
                    );
                }
                for b in &placed[i + 1..] {
                    assert!(
                        !halo(a).overlaps(&b.rect),
                        "round {round}: labels {} and {} overlap",
                        a.index,
                        b.index
                    );
                }
            }
        }
    }

    #[test]
    fn a_label_left_out_had_no_room_among_the_more_important() {
        let mut rng = Rng(42);
        for _ in 0..100 {
            let (labels, obstacles) = random_labels(&mut rng, 40);
            let placed = place(&labels, &obstacles, &VIEW);
            for (i, l) in labels.iter().enumerate() {
                if placed.iter().any(|p| p.index == i) {
                    continue;
                }
                // Try it alone against only the obstacles and the labels that outrank it or
                // come first at its rank: it must not fit there either.
                let blockers: Vec<Rect> = placed
                    .iter()
                    .filter(|p| {
                        let q = &labels[p.index];
                        q.priority > l.priority || (q.priority == l.priority && p.index < i)
                    })
                    .map(halo)
                    .chain(obstacles.iter().copied())
                    .collect();
                assert!(
                    place(std::slice::from_ref(l), &blockers, &VIEW).is_empty(),
                    "label {i} had room"
                );
            }
        }
    }

    #[test]
    fn the_more_important_label_wins_whatever_the_order() {
        let town = |text: &str, priority| Label {
            text: text.into(),
            short: None,
            short_only: false,
            x: 200.0,
            y: 200.0,
            font_px: 12.0,
            max_line_px: 200.0,
            priority,
            candidates: &[(Position::Centre, 0.0)],
        };
        let (a, b) = (town("城关街道", 1), town("工业园区", 9));
        let one = place(&[a.clone(), b.clone()], &[], &VIEW);
        let other = place(&[b, a], &[], &VIEW);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].index, 1);
        assert_eq!(other[0].index, 0);
        assert_eq!(one[0].lines, other[0].lines);
    }

    #[test]
    fn the_same_input_gives_the_same_answer() {
        let mut rng = Rng(7);
        let (labels, obstacles) = random_labels(&mut rng, 50);
        assert_eq!(
            place(&labels, &obstacles, &VIEW),
            place(&labels, &obstacles, &VIEW)
        );
    }

    #[test]
    fn a_crowded_label_moves_then_shortens() {
        let park = Label {
            text: "Sample County Industrial Park".into(),
            short: Some("Industrial Park".into()),
            short_only: false,
            x: 400.0,
            y: 300.0,
            font_px: 13.0,
            max_line_px: 400.0,
            priority: 1,
            candidates: AREA_CANDIDATES,
        };
        // A cluster on the label point: the name goes above it.
        let cluster = Rect::around(400.0, 300.0, 20.0);
        let p = &place(std::slice::from_ref(&park), &[cluster], &VIEW)[0];
        assert!(p.rect.y1 <= 300.0 - 8.0 && !p.short, "{p:?}");
        // Walls left and right of the point, 200 px apart: only the short form fits between.
        let walls = [
            Rect {
                x0: 0.0,
                y0: 0.0,
                x1: 300.0,
                y1: 600.0,
            },
            Rect {
                x0: 500.0,
                y0: 0.0,
                x1: 800.0,
                y1: 600.0,
            },
        ];
        let p = &place(std::slice::from_ref(&park), &walls, &VIEW)[0];
        assert!(p.short && p.lines == ["Industrial Park"], "{p:?}");
        // Walls 120 px apart: only the abbreviation fits.
        let closer = [
            Rect {
                x0: 0.0,
                y0: 0.0,
                x1: 340.0,
                y1: 600.0,
            },
            Rect {
                x0: 460.0,
                y0: 0.0,
                x1: 800.0,
                y1: 600.0,
            },
        ];
        let p = &place(std::slice::from_ref(&park), &closer, &VIEW)[0];
        assert!(p.short && p.lines == ["Industrial…"], "{p:?}");
        // A short-only label never shows its full text.
        let narrow = Label {
            short_only: true,
            ..park
        };
        assert!(place(&[narrow], &[], &VIEW)[0].short);
    }

    #[test]
    fn text_sizes_follow_the_script() {
        assert_eq!(text_width_px("城关街道", 10.0), 40.0);
        assert_eq!(text_width_px("Ab 1", 10.0), 24.0);
        assert_eq!(text_width_px("Ｇ７", 10.0), 20.0, "full-width forms");
        assert_eq!(wrap("  ", 10.0, 50.0), Vec::<String>::new());
    }

    #[test]
    fn placed_text_sits_in_its_box() {
        let l = Label {
            text: "Agricultural Products Processing and Trade Park".into(),
            short: None,
            short_only: false,
            x: 100.0,
            y: 100.0,
            font_px: 10.0,
            max_line_px: 130.0,
            priority: 0,
            candidates: PLACE_CANDIDATES,
        };
        let p = &place(&[l], &[], &VIEW)[0];
        assert_eq!(
            p.lines,
            ["Agricultural Products", "Processing and Trade", "Park"]
        );
        assert_eq!(p.anchor, TextAnchor::Start);
        assert_eq!((p.x, p.rect.x0), (106.0, 106.0));
        assert!((p.rect.y1 - p.rect.y0 - 36.0).abs() < 1e-9);
        assert!(p.y > p.rect.y0 && p.y < p.rect.y0 + 12.0);
    }
}
