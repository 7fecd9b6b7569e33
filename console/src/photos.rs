//! A record's photos: upload (JPEG, PNG or WebP; the server checks the content, strips the
//! metadata and makes a display size and a thumbnail), a caption in both languages that is also
//! the text alternative (required), and their order. Saving the record saves them.

use crate::Ctx;
use crate::api;
use crate::words::{Tr, t};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde_json::{Value, json};
use wasm_bindgen::JsCast;
use ysmap_model::path;

/// `POST /api/admin/photos`'s answer.
#[derive(Debug, Clone, serde::Deserialize)]
struct Uploaded {
    url: String,
    thumbnail_url: String,
}

/// The photos field.
#[component]
pub fn PhotosField(draft: RwSignal<Value>, path: String) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let p = StoredValue::new(path);
    let list = move || {
        draft.with(|d| {
            path::get(d, &p.get_value())
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default()
        })
    };
    let change = move |f: &dyn Fn(&mut Vec<Value>)| {
        let mut photos = list();
        f(&mut photos);
        draft.update(|d| path::set(d, &p.get_value(), Value::Array(photos)));
    };
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let upload = move |ev: leptos::ev::Event| {
        let input = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        let Some(file) = input
            .as_ref()
            .and_then(|i| i.files())
            .and_then(|l| l.get(0))
        else {
            return;
        };
        let (lang, csrf) = (ctx.lang.get_untracked(), ctx.csrf());
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::upload_json::<Uploaded>("photos", &file, lang, &csrf).await {
                Ok(u) => change(&|photos| {
                    photos.push(json!({
                        "url": u.url,
                        "thumbnail_url": u.thumbnail_url,
                        "caption": { "zh": "", "en": "" },
                    }))
                }),
                Err(e) => error.set(Some(e.message)),
            }
            busy.set(false);
            if let Some(i) = input {
                i.set_value("");
            }
        });
    };
    let upload_id = format!(
        "ysc-photo-upload-{}",
        p.get_value().replace(['.', '[', ']'], "-")
    );
    let id_base = StoredValue::new(upload_id.clone());
    view! {
        <fieldset class="ysc-group ysc-photos">
            <legend>{t(Tr("照片", "Photos"))}</legend>
            <ol class="ysc-photo-list">
                {move || {
                    let photos = list();
                    let n = photos.len();
                    photos.into_iter().enumerate().map(|(i, photo)| {
                        let thumb = crate::api::server_url(photo["thumbnail_url"].as_str().or(photo["url"].as_str()).unwrap_or(""));
                        let caption_path = |lang: &str| format!("{}[{i}].caption.{lang}", p.get_value());
                        let (zh_path, en_path) = (caption_path("zh"), caption_path("en"));
                        let base = id_base.get_value();
                        let (zh_id, en_id) = (format!("{base}-{i}-zh"), format!("{base}-{i}-en"));
                        let alt = photo["caption"][match ctx.lang.get_untracked() { ysmap_model::Lang::Zh => "zh", ysmap_model::Lang::En => "en" }].as_str().unwrap_or("").to_owned();
                        let (zh_read, en_read) = (zh_path.clone(), en_path.clone());
                        view! {
                            <li class="ysc-photo">
                                <img src=thumb alt=alt width="160" height="120" loading="lazy" />
                                <div class="ysc-field">
                                    <label for=zh_id.clone()>{t(Tr("中文说明(必填)", "Chinese caption (required)"))}</label>
                                    <input id=zh_id type="text" required
                                        prop:value=move || draft.with(|d| path::get(d, &zh_read).and_then(Value::as_str).unwrap_or("").to_owned())
                                        on:input=move |ev| draft.update(|d| path::set(d, &zh_path, Value::String(event_target_value(&ev)))) />
                                </div>
                                <div class="ysc-field">
                                    <label for=en_id.clone()>{t(Tr("英文说明(必填)", "English caption (required)"))}</label>
                                    <input id=en_id type="text" required
                                        prop:value=move || draft.with(|d| path::get(d, &en_read).and_then(Value::as_str).unwrap_or("").to_owned())
                                        on:input=move |ev| draft.update(|d| path::set(d, &en_path, Value::String(event_target_value(&ev)))) />
                                </div>
                                <div class="ysc-buttons">
                                    <button type="button" disabled=i == 0 on:click=move |_| change(&|l| l.swap(i, i - 1))>{t(Tr("前移", "Earlier"))}</button>
                                    <button type="button" disabled=i + 1 == n on:click=move |_| change(&|l| l.swap(i, i + 1))>{t(Tr("后移", "Later"))}</button>
                                    <button type="button" on:click=move |_| change(&|l| { l.remove(i); })>{t(Tr("移除", "Remove"))}</button>
                                </div>
                            </li>
                        }
                    }).collect_view()
                }}
            </ol>
            <div class="ysc-field">
                <label for=upload_id.clone()>{t(Tr("添加照片(JPEG、PNG 或 WebP,最大 10 MB)", "Add a photo (JPEG, PNG or WebP, 10 MB at most)"))}</label>
                <input id=upload_id type="file" accept="image/jpeg,image/png,image/webp" on:change=upload />
            </div>
            {move || busy.get().then(|| view! { <p role="status">{t(Tr("正在上传…", "Uploading…"))}</p> })}
            {move || error.get().map(|m| view! { <p class="ysc-field-error" role="alert">{m}</p> })}
            <p class="ysc-hint">{t(Tr("上传后填写说明并保存记录,照片才会发布。", "After uploading, write the captions and save the record to publish the photos."))}</p>
        </fieldset>
    }
}
