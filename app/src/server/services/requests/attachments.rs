//! Files attached to a request. Kept on disk under `files_dir/<company>/<uuid>`, described in
//! the database, served only to users of the same company who may see the request.

use super::{events, visible};
use crate::error::{AppError, AppResult};
use crate::model::{Role, event_kind};
use crate::server::auth::Actor;
use crate::server::db::write_txn;
use crate::server::entities::attachment;
use crate::server::{AppState, Settings};
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// Types people attach to a request: photos, scans, office documents, plain text.
pub const ALLOWED_TYPES: &[&str] = &[
    "image/jpeg",
    "image/png",
    "image/webp",
    "image/gif",
    "image/heic",
    "application/pdf",
    "text/plain",
    "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
];

/// The content type decided from the file name, checked against the first bytes for the
/// formats that have a signature, so a renamed executable is not served as a photo.
pub fn content_type(file_name: &str, head: &[u8]) -> Result<&'static str, &'static str> {
    let guessed = mime_guess::from_path(file_name)
        .first_raw()
        .unwrap_or("application/octet-stream");
    let Some(allowed) = ALLOWED_TYPES.iter().copied().find(|t| *t == guessed) else {
        return Err("file_type_not_allowed");
    };
    let signature_ok = match allowed {
        "image/jpeg" => head.starts_with(&[0xFF, 0xD8, 0xFF]),
        "image/png" => head.starts_with(b"\x89PNG\r\n\x1a\n"),
        "image/gif" => head.starts_with(b"GIF8"),
        "image/webp" => head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP",
        "application/pdf" => head.starts_with(b"%PDF"),
        _ => true,
    };
    if signature_ok {
        Ok(allowed)
    } else {
        Err("file_content_mismatch")
    }
}

/// Keeps the readable part of a file name and drops path separators and control characters.
pub fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>'))
        .take(150)
        .collect();
    if cleaned.trim().is_empty() {
        "file".into()
    } else {
        cleaned.trim().to_string()
    }
}

fn path_of(settings: &Settings, storage_key: &str) -> PathBuf {
    settings.files_dir.join(storage_key)
}

/// Stores the file, then the row and the `attached` event. A failed database write removes
/// the file again, so nothing is left half-written.
pub async fn add(
    state: &AppState,
    actor: &Actor,
    request_id: i64,
    file_name: &str,
    bytes: Vec<u8>,
) -> AppResult<attachment::Model> {
    actor.require(Role::can_comment)?;
    let settings = &state.settings;
    if bytes.is_empty() {
        return Err(AppError::validation("file", "required"));
    }
    if bytes.len() > settings.max_upload_bytes {
        return Err(AppError::validation("file", "file_too_large"));
    }
    let file_name = clean_name(file_name);
    let content_type =
        content_type(&file_name, &bytes).map_err(|code| AppError::validation("file", code))?;
    // Check visibility before touching the disk.
    visible(&state.db, actor, request_id, false).await?;

    let storage_key = format!("{}/{}", actor.company_id, uuid::Uuid::new_v4());
    let path = path_of(settings, &storage_key);
    let sha = hex::encode(Sha256::digest(&bytes));
    let size = bytes.len() as i64;
    write_atomically(&path, bytes).await?;

    let result: AppResult<attachment::Model> = async {
        let txn = write_txn(&state.db).await?;
        let req = visible(&txn, actor, request_id, true).await?;
        let now = Utc::now();
        let a = attachment::ActiveModel {
            file_name: Set(file_name.clone()),
            content_type: Set(content_type.to_string()),
            size: Set(size),
            storage_key: Set(storage_key.clone()),
            sha256: Set(sha),
            created_at: Set(now),
            company_id: Set(actor.company_id),
            request_id: Set(req.id),
            uploader_id: Set(actor.user_id),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let mut ev = events::event(&req, event_kind::ATTACHED, now, actor.user_id);
        ev.data = Set(Some(
            serde_json::json!({ "attachment_id": a.id, "file_name": file_name }).to_string(),
        ));
        ev.insert(&txn).await?;
        events::touch(&txn, req).await?;
        txn.commit().await?;
        Ok(a)
    }
    .await;
    if result.is_err() {
        let _ = tokio::fs::remove_file(&path).await;
    }
    result
}

/// Like [`add`], for the executor's photo form: only images are taken.
pub async fn add_photo(
    state: &AppState,
    actor: &Actor,
    request_id: i64,
    file_name: &str,
    bytes: Vec<u8>,
) -> AppResult<attachment::Model> {
    let is_image =
        content_type(&clean_name(file_name), &bytes).is_ok_and(|t| t.starts_with("image/"));
    if !bytes.is_empty() && !is_image {
        return Err(AppError::validation("file", "not_an_image"));
    }
    add(state, actor, request_id, file_name, bytes).await
}

async fn write_atomically(path: &std::path::Path, bytes: Vec<u8>) -> AppResult<()> {
    let io = |e: std::io::Error| {
        tracing::error!(error = %e, path = %path.display(), "cannot store attachment");
        AppError::Internal
    };
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir).await.map_err(io)?;
    }
    let tmp = path.with_extension("part");
    tokio::fs::write(&tmp, bytes).await.map_err(io)?;
    tokio::fs::rename(&tmp, path).await.map_err(io)?;
    Ok(())
}

/// The file, its name and type, if the caller may see its request.
pub async fn read(
    state: &AppState,
    actor: &Actor,
    attachment_id: i64,
) -> AppResult<(attachment::Model, Vec<u8>)> {
    let a = attachment::Entity::find_by_id(attachment_id)
        .filter(attachment::Column::CompanyId.eq(actor.company_id))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    visible(&state.db, actor, a.request_id, false).await?;
    let bytes = tokio::fs::read(path_of(&state.settings, &a.storage_key))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, attachment_id, "attachment file missing");
            AppError::NotFound
        })?;
    Ok((a, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_comes_from_the_name_and_is_checked_against_the_bytes() {
        assert_eq!(
            content_type("leak.jpg", &[0xFF, 0xD8, 0xFF, 0xE0]),
            Ok("image/jpeg")
        );
        assert_eq!(
            content_type("leak.jpg", b"MZ\x90\x00"),
            Err("file_content_mismatch")
        );
        assert_eq!(
            content_type("virus.exe", b"MZ"),
            Err("file_type_not_allowed")
        );
        assert_eq!(content_type("act.pdf", b"%PDF-1.7"), Ok("application/pdf"));
        assert_eq!(content_type("notes.txt", b"hello"), Ok("text/plain"));
    }

    #[test]
    fn names_lose_paths_and_control_characters() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("C:\\photos\\кухня.jpg"), "кухня.jpg");
        assert_eq!(clean_name("\u{0}\u{7}"), "file");
    }
}
