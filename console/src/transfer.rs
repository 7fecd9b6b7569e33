//! Import and export (导入导出): download a collection (drafts included) or its template, then
//! upload a CSV or XLSX file (or park boundaries as GeoJSON). The server answers a dry run
//! first: what would be added, changed and refused, row by row, with the reasons; applying
//! it is one more press, and all or nothing.

use crate::Ctx;
use crate::api;
use crate::words::{Tr, t};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use ysmap_model::Lang;
use ysmap_model::import::ImportReport;
use ysmap_model::staff::Role;

/// What can be imported, and who may.
const KINDS: [(&str, Tr, bool); 6] = [
    ("facilities", Tr("载体", "Listings (facilities)"), false),
    ("parks", Tr("园区", "Parks"), false),
    ("policies", Tr("政策", "Policies"), false),
    (
        "boundaries",
        Tr("园区边界(GeoJSON)", "Park boundaries (GeoJSON)"),
        false,
    ),
    ("industries", Tr("产业", "Industries"), true),
    ("transport_hubs", Tr("交通节点", "Transport hubs"), true),
];

/// The page.
#[component]
pub fn Transfer(role: Role) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let kinds: Vec<(&'static str, Tr)> = KINDS
        .iter()
        .filter(|(_, _, admin_only)| !admin_only || role == Role::Admin)
        .map(|(k, name, _)| (*k, *name))
        .collect();
    let kind = RwSignal::new("facilities");
    let file = RwSignal::new(None::<web_sys::File>);
    let report = RwSignal::new(None::<ImportReport>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let send = move |apply: bool| {
        let Some(f) = file.get_untracked() else {
            error.set(Some(
                Tr("请先选择文件。", "Choose a file first.")
                    .get(ctx.lang.get_untracked())
                    .to_owned(),
            ));
            return;
        };
        let path = format!(
            "import/{}{}",
            kind.get_untracked(),
            if apply { "?apply=true" } else { "" }
        );
        let (lang, csrf) = (ctx.lang.get_untracked(), ctx.csrf());
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match api::upload(&path, &f, lang, &csrf).await {
                Ok(r) => report.set(Some(r)),
                Err(e) => {
                    report.set(None);
                    error.set(Some(e.message));
                }
            }
            busy.set(false);
        });
    };
    let downloads = move || {
        let k = kind.get();
        (k != "boundaries").then(|| {
            view! {
                <p class="ysc-downloads">
                    {t(Tr("下载:", "Download: "))}
                    <a href=crate::api::server_url(&format!("api/admin/export/{k}.xlsx")) download="">{t(Tr("现有记录 XLSX", "current records, XLSX"))}</a>
                    " · "
                    <a href=crate::api::server_url(&format!("api/admin/export/{k}.csv")) download="">{t(Tr("现有记录 CSV", "current records, CSV"))}</a>
                    " · "
                    <a href=crate::api::server_url(&format!("api/admin/import/{k}/template.xlsx")) download="">{t(Tr("模板 XLSX", "template, XLSX"))}</a>
                    " · "
                    <a href=crate::api::server_url(&format!("api/admin/import/{k}/template.csv")) download="">{t(Tr("模板 CSV", "template, CSV"))}</a>
                </p>
            }
        })
    };
    view! {
        <section class="ysc-list ysc-transfer" aria-labelledby="ysc-transfer-h">
            <h2 id="ysc-transfer-h">{t(Tr("导入导出", "Import and export"))}</h2>
            <p class="ysc-hint">{t(Tr(
                "先下载现有记录或模板,在表格中修改后上传。上传后先检查(不会保存),确认无误再“应用导入”;有任何一行被拒绝时不会保存任何内容。只需包含要修改的列(id 列必需)。",
                "Download the current records or the template, edit them, and upload. An upload is checked first (nothing is saved); apply it when the report is right. If any row is refused, nothing is saved. A file needs only the columns it changes (and id).",
            ))}</p>
            <div class="ysc-field">
                <label for="ysc-import-kind">{t(Tr("内容", "What"))}</label>
                <select id="ysc-import-kind" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some((k, _, _)) = KINDS.iter().find(|(k, _, _)| *k == v) { kind.set(k); }
                    report.set(None);
                }>
                    {kinds.into_iter().map(|(k, name)| view! { <option value=k selected=move || kind.get() == k>{t(name)}</option> }).collect_view()}
                </select>
            </div>
            {downloads}
            <div class="ysc-field">
                <label for="ysc-import-file">{t(Tr("文件(CSV、XLSX 或 GeoJSON)", "File (CSV, XLSX or GeoJSON)"))}</label>
                <input id="ysc-import-file" type="file" accept=".csv,.xlsx,.geojson,.json"
                    on:change=move |ev| {
                        let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
                        file.set(input.and_then(|i| i.files()).and_then(|l| l.get(0)));
                        report.set(None);
                        send(false);
                    } />
            </div>
            {move || error.get().map(|m| view! { <p class="ysc-error" role="alert">{m}</p> })}
            {move || busy.get().then(|| view! { <p role="status">{t(Tr("正在检查…", "Checking…"))}</p> })}
            {move || report.get().map(|r| view! { <Report report=r apply=move || send(true) /> })}
        </section>
    }
}

#[component]
fn Report(report: ImportReport, apply: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let lang = ctx.lang.get_untracked();
    let (rows, added, changed, unchanged, refused) = (
        report.rows,
        report.added.len(),
        report.changed.len(),
        report.unchanged,
        report.refused.len(),
    );
    let summary = match lang {
        Lang::Zh => {
            format!("共 {rows} 行:新增 {added},修改 {changed},不变 {unchanged},拒绝 {refused}。")
        }
        Lang::En => format!(
            "{rows} rows: {added} to add, {changed} to change, {unchanged} unchanged, {refused} refused."
        ),
    };
    let state = if report.applied {
        view! { <p class="ysc-ok" role="status">{t(Tr("已导入并发布;投资者已能看到。", "Imported and published; investors see it now."))}</p> }.into_any()
    } else if !report.can_apply() {
        view! { <p class="ysc-error" role="alert">{t(Tr("有被拒绝的行,未保存任何内容。请修改文件后重新上传。", "Some rows are refused; nothing was saved. Correct the file and upload it again."))}</p> }.into_any()
    } else if report.added.is_empty() && report.changed.is_empty() {
        view! { <p class="ysc-ok" role="status">{t(Tr("文件与现有记录一致,无需导入。", "The file matches the records: nothing to import."))}</p> }.into_any()
    } else {
        view! {
            <p role="status">{t(Tr("检查通过,尚未保存。", "Checked, not saved yet."))}</p>
            <button type="button" class="ysc-primary" on:click=move |_| apply()>{t(Tr("应用导入", "Apply the import"))}</button>
        }.into_any()
    };
    let row_word = Tr("第 {} 行", "Row {}");
    let row = move |n: u32| {
        if n == 0 {
            Tr("整个文件", "The file").get(lang).to_owned()
        } else {
            row_word.get(lang).replace("{}", &n.to_string())
        }
    };
    let refused = (!report.refused.is_empty()).then(|| {
        view! {
            <table class="ysc-report">
                <caption>{t(Tr("被拒绝的行", "Refused"))}</caption>
                <thead><tr>
                    <th scope="col">{t(Tr("行", "Row"))}</th>
                    <th scope="col">"id"</th>
                    <th scope="col">{t(Tr("列", "Column"))}</th>
                    <th scope="col">{t(Tr("原因", "Reason"))}</th>
                </tr></thead>
                <tbody>
                    {report.refused.iter().map(|p| view! {
                        <tr><td>{row(p.row)}</td><td>{p.id.clone()}</td><td>{p.field.clone()}</td><td>{p.message.clone()}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        }
    });
    let changes = report
        .added
        .iter()
        .map(|c| (c, Tr("新增", "add")))
        .chain(report.changed.iter().map(|c| (c, Tr("修改", "change"))))
        .map(|(c, what)| {
            let fields = if c.fields.is_empty() {
                String::new()
            } else {
                format!(":{}", c.fields.join(", "))
            };
            view! { <li>{format!("{} · {} · {}{fields}", row(c.row), what.get(lang), c.id)}</li> }
        })
        .collect_view();
    view! {
        <div class="ysc-card ysc-import-report" aria-live="polite">
            <p><strong>{summary}</strong></p>
            {refused}
            <ul class="ysc-changes">{changes}</ul>
            {state}
        </div>
    }
}
