//! A photo for the request, from the phone's camera: checked in the browser (images only, the
//! server's size limit) and uploaded with a progress bar. Without JavaScript the same form is
//! sent as is and the server checks it (the page shows its answer).

use crate::i18n::tr_arg;
use crate::ui::error::field_message;
use crate::ui::format::file_size;
use leptos::prelude::*;
use leptos_fluent::tr;

/// An upload's state as shown under the form (it moves only in the browser).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub enum Upload {
    Idle,
    /// Percent sent.
    Sending(u32),
    Done,
    /// A `field-error-*` code.
    Failed(String),
}

#[component]
pub fn PhotoForm(
    request_id: i64,
    max_bytes: u64,
    /// Bumped after each photo uploaded (the page reloads its list).
    uploaded: RwSignal<u32>,
    /// The upload's state; the page owns it, so it outlives the reload that shows the photo.
    state: RwSignal<Upload>,
    /// The server's answer to the plain form (no JavaScript).
    plain_error: Option<String>,
) -> impl IntoView {
    let plain_error = StoredValue::new(plain_error);
    let action = format!("/requests/{request_id}/attachments");
    let input = NodeRef::<leptos::html::Input>::new();
    let start = move || {
        #[cfg(feature = "hydrate")]
        if let Some(el) = input.get_untracked() {
            browser::start(el, request_id, max_bytes, state, uploaded);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (input, max_bytes, uploaded);
    };
    let on_change = move |_| start();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        start();
    };
    let error = move || match state.get() {
        Upload::Failed(code) => Some(code),
        _ => plain_error.get_value(),
    };
    view! {
        <form method="post" action=action enctype="multipart/form-data" class="photo-form" on:submit=on_submit>
            <input type="hidden" name="only" value="image" />
            <input type="hidden" name="back" value="my" />
            <input id="photo" class="photo-input" type="file" name="file" accept="image/*" capture="environment"
                required node_ref=input on:change=on_change
                aria-describedby="photo-hint photo-error" aria-invalid=move || error().is_some().then_some("true") />
            <label class="btn primary photo-pick" for="photo">
                {move || tr!("my-take-photo")}
            </label>
            <noscript><button type="submit" class="btn">{move || tr!("detail-attach")}</button></noscript>
            <p id="photo-hint" class="muted small">{tr_arg("my-photo-hint", "max", file_size(max_bytes as i64))}</p>
            <div id="photo-error" class="field-error" role="alert">
                {move || error().map(|code| field_message(&code))}
            </div>
            {move || match state.get() {
                Upload::Sending(p) => Some(view! {
                    <div class="upload-progress" role="status" data-percent=p.to_string()>
                        <progress max="100" value=p.to_string()></progress>
                        <span class="small">{tr_arg("my-uploading", "percent", i64::from(p))}</span>
                    </div>
                }.into_any()),
                Upload::Done => Some(view! {
                    <p class="muted small upload-done" role="status">{move || tr!("my-uploaded")}</p>
                }.into_any()),
                _ => None,
            }}
        </form>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::Upload;
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{FormData, HtmlInputElement, ProgressEvent, XmlHttpRequest};

    /// Checks the chosen file and sends it, reporting progress into `state`.
    pub fn start(
        input: HtmlInputElement,
        request_id: i64,
        max_bytes: u64,
        state: RwSignal<Upload>,
        uploaded: RwSignal<u32>,
    ) {
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            state.set(Upload::Failed("required".into()));
            return;
        };
        if !file.type_().starts_with("image/") {
            state.set(Upload::Failed("not_an_image".into()));
            return;
        }
        if file.size() > max_bytes as f64 {
            state.set(Upload::Failed("file_too_large".into()));
            return;
        }
        if send(&file, request_id, state, uploaded, &input).is_err() {
            state.set(Upload::Failed("upload_failed".into()));
        }
    }

    fn send(
        file: &web_sys::File,
        request_id: i64,
        state: RwSignal<Upload>,
        uploaded: RwSignal<u32>,
        input: &HtmlInputElement,
    ) -> Result<(), wasm_bindgen::JsValue> {
        let form = FormData::new()?;
        form.append_with_str("only", "image")?;
        form.append_with_blob_and_filename("file", file, &file.name())?;
        let xhr = XmlHttpRequest::new()?;
        xhr.open("POST", &format!("/requests/{request_id}/attachments"))?;
        xhr.set_request_header("Accept", "application/json")?;
        let progress = Closure::<dyn FnMut(ProgressEvent)>::new(move |ev: ProgressEvent| {
            if ev.length_computable() && ev.total() > 0.0 {
                let p = (ev.loaded() / ev.total() * 100.0).round().clamp(0.0, 100.0) as u32;
                state.set(Upload::Sending(p));
            }
        });
        xhr.upload()?
            .set_onprogress(Some(progress.as_ref().unchecked_ref()));
        progress.forget();
        let done = {
            let xhr = xhr.clone();
            let input = input.clone();
            Closure::<dyn FnMut()>::new(move || {
                if (200..300).contains(&xhr.status().unwrap_or(0)) {
                    state.set(Upload::Done);
                    input.set_value("");
                    uploaded.update(|n| *n += 1);
                } else {
                    state.set(Upload::Failed(error_code(&xhr)));
                }
            })
        };
        xhr.set_onload(Some(done.as_ref().unchecked_ref()));
        done.forget();
        let failed =
            Closure::<dyn FnMut()>::new(move || state.set(Upload::Failed("upload_failed".into())));
        xhr.set_onerror(Some(failed.as_ref().unchecked_ref()));
        failed.forget();
        state.set(Upload::Sending(0));
        xhr.send_with_opt_form_data(Some(&form))
    }

    /// The field code of a JSON error answer (`{"error":{"fields":[{"code":…}]}}` or its
    /// `code`), else a generic one.
    fn error_code(xhr: &XmlHttpRequest) -> String {
        let body = xhr.response_text().ok().flatten().unwrap_or_default();
        let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
        let e = &v["error"];
        e["fields"][0]["code"]
            .as_str()
            .or(match e["code"].as_str() {
                Some("payload_too_large") => Some("file_too_large"),
                _ => None,
            })
            .unwrap_or("upload_failed")
            .to_string()
    }
}
