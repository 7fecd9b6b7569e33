//! The full editor of one catalog record: every field the record has, laid out from its own
//! JSON (texts in both languages, numbers, yes/no, the model's choices as lists, nested parts as
//! groups, lists of parts with add, remove and order), the location in any of the three
//! coordinate systems, and the photos. Saving sends the whole record; the server's field
//! errors come back beside their fields (their paths are the inputs' names).

use crate::Ctx;
use crate::api::{self, Failure};
use crate::words::{Tr, t};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{Map, Value};
use ysmap_model::Lang;
use ysmap_model::path;

/// The order fields are laid out in (the JSON's own order is alphabetical): what identifies
/// a record first, what changes most next; the rest after, alphabetically.
const FIELD_ORDER: [&str; 30] = [
    "id",
    "zh",
    "en",
    "name",
    "title",
    "kind",
    "level",
    "park_id",
    "availability",
    "published",
    "verified_at",
    "rent_yuan_per_m2_month",
    "sale_price_yuan_per_m2",
    "available_from",
    "building_area_m2",
    "land_area_m2",
    "divisible_min_area_m2",
    "floors",
    "floor_height_m",
    "floor_load_t_per_m2",
    "crane_t",
    "power_kva",
    "land_use",
    "eia_allowed",
    "fire_resistance_grade",
    "description",
    "summary",
    "location",
    "boundary",
    "photos",
];

/// `keys` in [`FIELD_ORDER`].
fn ordered(mut keys: Vec<String>) -> Vec<String> {
    let rank = |k: &String| {
        FIELD_ORDER
            .iter()
            .position(|f| f == k)
            .unwrap_or(FIELD_ORDER.len())
    };
    keys.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
    keys
}

/// What people call a field, by its key (the model's words; empty when it has none).
fn label(key: &str) -> Tr {
    ysmap_model::fields::field_label(key).map_or(Tr("", ""), |(zh, en)| Tr(zh, en))
}

/// The label of the last key of `path` (the key itself when there is no translation).
fn label_of(path: &str, lang: Lang) -> String {
    let key = path
        .rsplit('.')
        .next()
        .unwrap_or(path)
        .split('[')
        .next()
        .unwrap_or("");
    let l = label(key).get(lang);
    if l.is_empty() {
        key.replace('_', " ")
    } else {
        l.to_owned()
    }
}

/// The allowed values of the field at `path`, when the model restricts it to a list: the
/// record's own type is asked with an impossible value, and names the ones it takes.
fn choices(collection: &str, record: &Value, path: &str, in_list: bool) -> Option<Vec<String>> {
    let mut probe = record.clone();
    let impossible = Value::String("\u{1}".into());
    path::set(
        &mut probe,
        path,
        if in_list {
            Value::Array(vec![impossible])
        } else {
            impossible
        },
    );
    let message = crate::records::parse_error(collection, &probe)?;
    let rest = message.split("expected one of ").nth(1)?;
    Some(
        rest.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect(),
    )
    .filter(|v: &Vec<String>| !v.is_empty())
}

/// The text an input shows for a value.
fn shown(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// What the form shares down its tree.
#[derive(Clone, Copy)]
struct Form {
    collection: &'static str,
    id: StoredValue<String>,
    draft: RwSignal<Value>,
    errors: RwSignal<Vec<(String, String)>>,
    /// Bumped when a list gains or loses a member, to lay that part out again.
    shape: RwSignal<u32>,
}

impl Form {
    fn input_id(&self, path: &str) -> String {
        let clean: String = path
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        format!("ysc-f-{}-{clean}", self.id.get_value())
    }

    fn error(&self, path: &str) -> impl Fn() -> Option<String> + use<> {
        let (errors, path) = (self.errors, path.to_owned());
        move || errors.with(|e| e.iter().find(|(f, _)| *f == path).map(|(_, m)| m.clone()))
    }

    fn read(&self, path: &str) -> Value {
        self.draft
            .with_untracked(|d| path::get(d, path).cloned().unwrap_or(Value::Null))
    }

    fn write(&self, path: &str, v: Value) {
        let path = path.to_owned();
        self.draft.update(|d| path::set(d, &path, v));
    }
}

/// The editor. `saved` gets the record as the server stored it.
#[component]
pub fn RecordForm(
    collection: &'static str,
    record: Value,
    /// A new record: `POST`, and its id is editable.
    #[prop(default = false)]
    new: bool,
    /// Where to `PUT` it instead of `{collection}/{id}` (a part of the catalog: `parts/meta`).
    #[prop(optional, into)]
    endpoint: Option<String>,
    saved: impl Fn(Value) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let id = record["id"].as_str().unwrap_or("new").to_owned();
    let form = Form {
        collection,
        id: StoredValue::new(id.clone()),
        draft: RwSignal::new(record.clone()),
        errors: RwSignal::new(Vec::new()),
        shape: RwSignal::new(0),
    };
    let notice = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let endpoint = StoredValue::new(endpoint);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = form.draft.get_untracked();
        let id = body["id"].as_str().unwrap_or("").to_owned();
        let (lang, csrf) = (ctx.lang.get_untracked(), ctx.csrf());
        busy.set(true);
        spawn_local(async move {
            let answer: Result<Value, Failure> = if let Some(to) = endpoint.get_value() {
                api::send("PUT", &to, &body, lang, &csrf).await
            } else if new {
                api::send("POST", collection, &body, lang, &csrf).await
            } else {
                api::send("PUT", &format!("{collection}/{id}"), &body, lang, &csrf).await
            };
            busy.set(false);
            match answer {
                Ok(r) => {
                    form.errors.set(Vec::new());
                    form.draft.set(r.clone());
                    notice.set(Some((
                        true,
                        Tr(
                            "已保存;投资者已能看到(草稿除外)。",
                            "Saved; investors see it now (unless a draft).",
                        )
                        .get(lang)
                        .to_owned(),
                    )));
                    saved(r);
                }
                Err(e) => {
                    let list: Vec<(String, String)> = e
                        .all
                        .iter()
                        .map(|(f, m)| (field_of(collection, &id, f), m.clone()))
                        .collect();
                    form.errors.set(list);
                    notice.set(Some((false, e.message)));
                }
            }
        });
    };
    let fields: Vec<String> = ordered(
        record
            .as_object()
            .map(|m| {
                m.keys()
                    .filter(|k| !matches!(k.as_str(), "updated_at") && (new || *k != "id"))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default(),
    );
    view! {
        <form class="ysc-record-form" on:submit=submit novalidate>
            {fields.into_iter().map(|k| view! { <Field form=form path=k /> }).collect_view()}
            {move || form.errors.with(|e| (!e.is_empty()).then(|| {
                let lang = ctx.lang.get();
                view! {
                    <div class="ysc-error" role="alert">
                        <p>{t(Tr("未保存:", "Not saved:"))}</p>
                        <ul>{e.iter().map(|(f, m)| view! { <li>{format!("{}:{m}", if f.is_empty() { String::new() } else { label_of(f, lang) })}</li> }).collect_view()}</ul>
                    </div>
                }
            }))}
            {move || notice.get().filter(|(ok, _)| *ok).map(|(_, m)| view! { <p class="ysc-ok" role="status">{m}</p> })}
            <button type="submit" class="ysc-primary" disabled=move || busy.get()>{t(Tr("保存全部字段", "Save every field"))}</button>
        </form>
    }
}

/// A field named by an error: the record's own path, without the consistency check's
/// `facilities[ID].` in front.
fn field_of(collection: &str, id: &str, field: &str) -> String {
    field
        .strip_prefix(&format!("{collection}[{id}]."))
        .unwrap_or(field)
        .to_owned()
}

/// One field, laid out by what its value is.
#[component]
fn Field(form: Form, path: String) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let value = form.read(&path);
    let input_id = form.input_id(&path);
    let title = {
        let path = path.clone();
        move || label_of(&path, ctx.lang.get())
    };
    let error = form.error(&path);
    let error_id = format!("{input_id}-error");
    let described = error_id.clone();
    let error_line =
        move || error().map(|m| view! { <p class="ysc-field-error" id=error_id.clone()>{m}</p> });
    let is_geometry = value.get("type").is_some() && value.get("coordinates").is_some();
    if is_geometry && value["type"] == "Point" {
        return view! { <crate::location::LocationField form_draft=form.draft path=path.clone() input_id=input_id error=form.error(&path) /> }.into_any();
    }
    if is_geometry && value["type"] == "Polygon" {
        return view! { <crate::boundary::BoundaryField form_draft=form.draft path=path.clone() error=form.error(&path) /> }.into_any();
    }
    if path.rsplit('.').next() == Some("photos") {
        return view! { <crate::photos::PhotosField draft=form.draft path=path.clone() /> }
            .into_any();
    }
    match value {
        Value::Bool(_) => {
            let p = path.clone();
            view! {
                <div class="ysc-field ysc-check-field">
                    <label class="ysc-check">
                        <input type="checkbox" id=input_id
                            prop:checked=move || form.draft.with(|d| path::get(d, &p) == Some(&Value::Bool(true)))
                            on:change=move |ev| form.write(&path, Value::Bool(event_target_checked(&ev))) />
                        {title}
                    </label>
                    {error_line}
                </div>
            }
            .into_any()
        }
        Value::Object(map) if !is_geometry => {
            let keys = ordered(map.keys().cloned().collect());
            let heading = title;
            view! {
                <fieldset class="ysc-group">
                    <legend>{heading}</legend>
                    {keys.into_iter().map(|k| view! { <Field form=form path=format!("{path}.{k}") /> }).collect_view()}
                    {error_line}
                </fieldset>
            }
            .into_any()
        }
        Value::Array(items)
            if (items.iter().any(|i| i.is_object()) || part_like_at(&path).is_some())
                && !is_geometry =>
        {
            view! { <ListField form=form path=path /> }.into_any()
        }
        Value::Array(items) if items.iter().any(Value::is_array) => {
            view! { <JsonField form=form path=path /> }.into_any()
        }
        Value::Array(_) => {
            let list_choices = choices(form.collection, &form.draft.get_untracked(), &path, true);
            if let Some(options) = list_choices {
                let p = path.clone();
                return view! {
                    <fieldset class="ysc-group ysc-choices">
                        <legend>{title}</legend>
                        {options.into_iter().map(|o| {
                            let (p, p2, o2, shown_o) = (p.clone(), p.clone(), o.clone(), o.clone());
                            view! {
                                <label class="ysc-check">
                                    <input type="checkbox"
                                        prop:checked=move || form.draft.with(|d| path::get(d, &p).and_then(Value::as_array).is_some_and(|a| a.iter().any(|x| x == o.as_str())))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            let mut list: Vec<Value> = form.read(&p2).as_array().cloned().unwrap_or_default();
                                            list.retain(|x| x != o2.as_str());
                                            if on { list.push(Value::String(o2.clone())); }
                                            form.write(&p2, Value::Array(list));
                                        } />
                                    {shown_o}
                                </label>
                            }
                        }).collect_view()}
                        {error_line}
                    </fieldset>
                }
                .into_any();
            }
            let p = path.clone();
            view! {
                <div class="ysc-field">
                    <label for=input_id.clone()>{title}</label>
                    <input id=input_id type="text" aria-describedby=described
                        prop:value=move || form.draft.with(|d| path::get(d, &p).and_then(Value::as_array).map(|a| a.iter().map(shown).collect::<Vec<_>>().join("; ")).unwrap_or_default())
                        on:change=move |ev| {
                            let text = event_target_value(&ev);
                            let items = text.split([';', ';']).map(str::trim).filter(|s| !s.is_empty()).map(|s| Value::String(s.to_owned())).collect();
                            form.write(&path, Value::Array(items));
                        } />
                    {error_line}
                </div>
            }
            .into_any()
        }
        Value::Object(_) => view! { <JsonField form=form path=path /> }.into_any(),
        Value::String(s) => {
            if let Some(options) =
                choices(form.collection, &form.draft.get_untracked(), &path, false)
            {
                let p = path.clone();
                return view! {
                    <div class="ysc-field">
                        <label for=input_id.clone()>{title}</label>
                        <select id=input_id aria-describedby=described on:change=move |ev| form.write(&path, Value::String(event_target_value(&ev)))>
                            {options.into_iter().map(|o| {
                                let (p, o2, value) = (p.clone(), o.clone(), o.clone());
                                view! { <option value=value selected=move || form.draft.with(|d| path::get(d, &p).and_then(Value::as_str) == Some(o2.as_str()))>{o}</option> }
                            }).collect_view()}
                        </select>
                        {error_line}
                    </div>
                }
                .into_any();
            }
            let long = s.chars().count() > 60;
            let p = path.clone();
            let value = move || {
                form.draft
                    .with(|d| path::get(d, &p).map(shown).unwrap_or_default())
            };
            let write = move |text: String| form.write(&path, Value::String(text));
            view! {
                <div class="ysc-field">
                    <label for=input_id.clone()>{title}</label>
                    {if long {
                        view! { <textarea id=input_id rows="3" aria-describedby=described prop:value=value on:input=move |ev| write(event_target_value(&ev))></textarea> }.into_any()
                    } else {
                        view! { <input id=input_id type="text" aria-describedby=described prop:value=value on:input=move |ev| write(event_target_value(&ev)) /> }.into_any()
                    }}
                    {error_line}
                </div>
            }
            .into_any()
        }
        _ => {
            // A number, or a field with no value yet.
            let p = path.clone();
            view! {
                <div class="ysc-field">
                    <label for=input_id.clone()>{title}</label>
                    <input id=input_id type="text" inputmode="decimal" aria-describedby=described
                        prop:value=move || form.draft.with(|d| path::get(d, &p).map(shown).unwrap_or_default())
                        on:change=move |ev| form.write(&path, ysmap_model::fields::number_from_text(&event_target_value(&ev))) />
                    {error_line}
                </div>
            }
            .into_any()
        }
    }
}

/// A value kept as JSON text: a geometry other than a point or a polygon, lists of
/// coordinates (the vector base's lines).
#[component]
fn JsonField(form: Form, path: String) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let input_id = form.input_id(&path);
    let title = {
        let path = path.clone();
        move || label_of(&path, ctx.lang.get())
    };
    let error = form.error(&path);
    let p = path.clone();
    view! {
        <div class="ysc-field ysc-json-field">
            <label for=input_id.clone()>{title}" (GeoJSON / JSON)"</label>
            <textarea id=input_id rows="4" class="ysc-code"
                prop:value=move || form.draft.with(|d| path::get(d, &p).map(Value::to_string).unwrap_or_default())
                on:change=move |ev| {
                    let text = event_target_value(&ev);
                    form.write(&path, serde_json::from_str(&text).unwrap_or(Value::String(text)));
                }></textarea>
            {move || error().map(|m| view! { <p class="ysc-field-error">{m}</p> })}
        </div>
    }
}

/// A list of parts (storeys, conditions, distances to hubs): each in its own group, with
/// buttons to move it, remove it, and add one like the last.
#[component]
fn ListField(form: Form, path: String) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let title = {
        let path = path.clone();
        move || label_of(&path, ctx.lang.get())
    };
    let p = StoredValue::new(path);
    let items = move || {
        form.shape.track();
        form.read(&p.get_value()).as_array().map_or(0, Vec::len)
    };
    let change = move |f: &dyn Fn(&mut Vec<Value>)| {
        let mut list = form
            .read(&p.get_value())
            .as_array()
            .cloned()
            .unwrap_or_default();
        f(&mut list);
        form.write(&p.get_value(), Value::Array(list));
        form.shape.update(|n| *n += 1);
    };
    view! {
        <fieldset class="ysc-group ysc-list-field">
            <legend>{title}</legend>
            {move || (0..items()).map(|i| {
                let item_path = format!("{}[{i}]", p.get_value());
                let n = items();
                view! {
                    <fieldset class="ysc-group ysc-item">
                        <legend>{format!("#{}", i + 1)}</legend>
                        {ordered(form.read(&item_path).as_object().map(|m| m.keys().cloned().collect::<Vec<_>>()).unwrap_or_default()).into_iter()
                            .map(|k| view! { <Field form=form path=format!("{item_path}.{k}") /> }).collect_view()}
                        <div class="ysc-buttons">
                            <button type="button" disabled=i == 0 on:click=move |_| change(&|l| l.swap(i, i - 1))>{t(Tr("上移", "Move up"))}</button>
                            <button type="button" disabled=i + 1 == n on:click=move |_| change(&|l| l.swap(i, i + 1))>{t(Tr("下移", "Move down"))}</button>
                            <button type="button" on:click=move |_| change(&|l| { l.remove(i); })>{t(Tr("删除", "Remove"))}</button>
                        </div>
                    </fieldset>
                }
            }).collect_view()}
            <button type="button" on:click=move |_| change(&|l| {
                let blank = l
                    .last()
                    .or(part_like_at(&p.get_value()).as_ref())
                    .map(blank_like)
                    .unwrap_or(Value::Object(Map::new()));
                l.push(blank);
            })>{t(Tr("添加一项", "Add one"))}</button>
        </fieldset>
    }
}

/// The model's shape of a part of the list at `path` (`policies[x].rent_relief`), for a list
/// that has none to copy.
fn part_like_at(path: &str) -> Option<Value> {
    ysmap_model::fields::part_like(path.rsplit('.').next().unwrap_or(path))
}

/// A value of the same shape as `v` with nothing in it (texts empty, numbers none).
pub fn blank_like(v: &Value) -> Value {
    match v {
        Value::Object(m) => {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), blank_like(v))).collect())
        }
        Value::Array(_) => Value::Array(Vec::new()),
        Value::String(_) => Value::String(String::new()),
        Value::Bool(b) => Value::Bool(*b),
        _ => Value::Null,
    }
}
