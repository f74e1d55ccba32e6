//! Access control is in the server: companies never see each other, read-only roles never
//! write, executors see only their own requests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use app::api::admin::{InviteUser, ListUsers};
use app::api::requests::{
    AddComment, AssignRequest, ChangeStatus, CreateRequest, GetRequest, ListRequests,
};
use common::{TestApp, code};

#[tokio::test]
async fn a_user_of_one_company_cannot_read_or_change_another_companys_request() {
    let app = TestApp::spawn().await;
    let c = app.login("dispatcher@demo.local", "demo").await;
    let theirs = app.any_request("shop").await;
    let id = theirs.id.to_string();
    let (_, err) = app.call::<GetRequest>(&c, &[("id", &id)]).await;
    assert_eq!(
        code(&err),
        "not_found",
        "indistinguishable from a missing id"
    );
    let (_, err) = app.call::<GetRequest>(&c, &[("id", "987654321")]).await;
    assert_eq!(code(&err), "not_found");

    let shop_status = app.status_id("shop", "Погоджено").await.to_string();
    let (_, err) = app
        .call::<ChangeStatus>(&c, &[("id", &id), ("status_id", &shop_status)])
        .await;
    assert_eq!(code(&err), "not_found");
    let executor = app.user_id("executor@demo.local").await.to_string();
    let (_, err) = app
        .call::<AssignRequest>(&c, &[("id", &id), ("assignee_id", &executor)])
        .await;
    assert_eq!(code(&err), "not_found");
    let (_, err) = app
        .call::<AddComment>(&c, &[("id", &id), ("body", "hello")])
        .await;
    assert_eq!(code(&err), "not_found");

    let after = app.request(theirs.id).await;
    assert_eq!(after, theirs, "nothing changed");
    let res = c
        .get(app.url(&format!("/requests/{id}")))
        .send()
        .await
        .unwrap();
    let html = res.text().await.unwrap();
    assert!(
        !html.contains(&theirs.title),
        "the page does not leak the title"
    );

    // The list never crosses companies either.
    let (_, page) = app
        .call::<ListRequests>(&c, &[("query", "per_page=200")])
        .await;
    let shop = app.company("shop").await;
    let shop_titles: Vec<String> = {
        use app::server::entities::request;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        request::Entity::find()
            .filter(request::Column::CompanyId.eq(shop))
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|r| r.title)
            .collect()
    };
    for row in page["rows"].as_array().unwrap() {
        assert!(!shop_titles.contains(&row["title"].as_str().unwrap().to_string()));
    }
}

#[tokio::test]
async fn a_foreign_assignee_or_category_is_refused() {
    let app = TestApp::spawn().await;
    let c = app.login("dispatcher@demo.local", "demo").await;
    let shop_admin = app.user_id("shop@demo.local").await.to_string();
    let (_, err) = app
        .call::<CreateRequest>(
            &c,
            &[
                ("title", "Чужой исполнитель"),
                ("description", ""),
                ("assignee_id", &shop_admin),
            ],
        )
        .await;
    assert_eq!(err["fields"][0]["code"], "not_assignable");
    let mine = app.any_request("demo").await.id.to_string();
    let (_, err) = app
        .call::<AssignRequest>(&c, &[("id", &mine), ("assignee_id", &shop_admin)])
        .await;
    assert_eq!(err["fields"][0]["code"], "not_assignable");
}

#[tokio::test]
async fn read_only_roles_cannot_change_anything() {
    let app = TestApp::spawn().await;
    let id = app.any_request("demo").await.id.to_string();
    let assigned = app.status_id("demo", "Назначена").await.to_string();
    let executor = app.user_id("executor@demo.local").await.to_string();
    for email in [
        "viewer@demo.local",
        "executive@demo.local",
        "accountant@demo.local",
    ] {
        let c = app.login(email, "demo").await;
        let (status, page) = app.call::<ListRequests>(&c, &[("query", "")]).await;
        assert_eq!(status, 200, "{email} reads the list");
        assert_eq!(page["total"], 60);
        let (_, err) = app
            .call::<CreateRequest>(&c, &[("title", "Попытка"), ("description", "")])
            .await;
        assert_eq!(code(&err), "forbidden", "{email} create");
        let (_, err) = app
            .call::<ChangeStatus>(&c, &[("id", &id), ("status_id", &assigned)])
            .await;
        assert_eq!(code(&err), "forbidden", "{email} status");
        let (_, err) = app
            .call::<AssignRequest>(&c, &[("id", &id), ("assignee_id", &executor)])
            .await;
        assert_eq!(code(&err), "forbidden", "{email} assign");
        let (_, err) = app
            .call::<AddComment>(&c, &[("id", &id), ("body", "x")])
            .await;
        assert_eq!(code(&err), "forbidden", "{email} comment");
        let (_, err) = app.call::<ListUsers>(&c, &[]).await;
        assert_eq!(code(&err), "forbidden", "{email} users");
        let (_, detail) = app.call::<GetRequest>(&c, &[("id", &id)]).await;
        assert_eq!(
            detail["can"],
            serde_json::json!({"change_status": false, "assign": false, "comment": false})
        );
    }
}

#[tokio::test]
async fn an_executor_sees_and_works_only_their_own_requests() {
    let app = TestApp::spawn().await;
    let me = app.user_id("executor@demo.local").await;
    let c = app.login("executor@demo.local", "demo").await;
    let (_, page) = app
        .call::<ListRequests>(&c, &[("query", "per_page=200")])
        .await;
    let rows = page["rows"].as_array().unwrap();
    assert!(!rows.is_empty(), "the demo executor has requests");
    assert!(rows.iter().all(|r| r["assignee"] == "Сергей Иванов"));

    use app::server::entities::request;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let company = app.company("demo").await;
    let someone_elses = request::Entity::find()
        .filter(request::Column::CompanyId.eq(company))
        .filter(request::Column::AssigneeId.ne(me))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let (_, err) = app
        .call::<GetRequest>(&c, &[("id", &someone_elses.id.to_string())])
        .await;
    assert_eq!(code(&err), "forbidden");
    let (_, err) = app
        .call::<AddComment>(&c, &[("id", &someone_elses.id.to_string()), ("body", "x")])
        .await;
    assert_eq!(code(&err), "forbidden");

    // Their own request: they may comment and move it, not reassign it.
    let own = rows[0]["id"].as_i64().unwrap().to_string();
    let (status, _) = app
        .call::<AddComment>(&c, &[("id", &own), ("body", "Буду в 15:00")])
        .await;
    assert_eq!(status, 200);
    let (_, err) = app
        .call::<AssignRequest>(&c, &[("id", &own), ("assignee_id", "")])
        .await;
    assert_eq!(code(&err), "forbidden");
    let (_, err) = app
        .call::<CreateRequest>(&c, &[("title", "Сам себе"), ("description", "")])
        .await;
    assert_eq!(code(&err), "forbidden");
}

#[tokio::test]
async fn only_admins_manage_users() {
    let app = TestApp::spawn().await;
    for email in [
        "manager@demo.local",
        "dispatcher@demo.local",
        "executor@demo.local",
    ] {
        let c = app.login(email, "demo").await;
        let (_, err) = app
            .call::<InviteUser>(
                &c,
                &[("email", "x@demo.local"), ("name", "X"), ("role", "admin")],
            )
            .await;
        assert_eq!(code(&err), "forbidden", "{email}");
        let res = app.html(&c, "/admin/users").await;
        assert!(!res.contains("x@demo.local"));
    }
}
