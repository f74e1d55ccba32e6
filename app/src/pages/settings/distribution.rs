//! Distribution settings: rules (team, channel, category, strategy, weights per member) and
//! executors' staff profiles (team, max load, active).

use crate::api::distribution::{
    DeleteDistributionRule, SaveDistributionRule, SaveStaff, SaveTeam, get_distribution_settings,
};
use crate::domain::distribution::Strategy;
use crate::error::AppError;
use crate::i18n::{tr_arg, tr_dyn};
use crate::model::{Channel, DistributionSettings, Named, RuleView, StaffProfileRow};
use crate::ui::error::{ErrorBanner, field_message, message};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_fluent::tr;
use leptos_meta::Title;
use std::any::Any;
use std::collections::HashMap;

#[component]
pub fn DistributionSettingsPage() -> impl IntoView {
    let settings = Resource::new(|| (), |_| get_distribution_settings());
    // Evaluated now: the title is rendered after the page, outside the i18n context.
    let title = tr!("distribution-title");
    view! {
        <Title text=title />
        <div class="page-head">
            <h1>{move || tr!("distribution-title")}</h1>
            <a class="btn" href="/settings/distribution/stats">{move || tr!("distribution-stats-link")}</a>
        </div>
        <Transition fallback=|| view! { <div class="skeleton-page"></div> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(s) => view! { <EditableDistribution s=s /> }.into_any(),
                    Err(e) => view! { <ErrorBanner error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The page's forms, edited in place (in islands mode, an island): any form's success fetches
/// the settings again and renders the forms from them; their actions (and so an error shown
/// next to a field) are kept across that.
#[cfg_attr(feature = "islands", island(lazy))]
#[cfg_attr(not(feature = "islands"), component)]
fn EditableDistribution(s: DistributionSettings) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let (settings, failed) =
        crate::ui::refetch::refetched(s, move || reload.get(), get_distribution_settings);
    provide_context(KeptActions::new());
    view! {
        {move || failed.get().map(|e| view! { <ErrorBanner error=e /> })}
        {move || view! { <Settings s=settings.get() reload=reload /> }}
    }
}

#[component]
fn Settings(s: DistributionSettings, reload: RwSignal<u32>) -> impl IntoView {
    let queued = s.queued;
    view! {
        <p class="muted">{move || tr!("distribution-hint")}</p>
        {(queued > 0).then(|| view! {
            <div class="alert warning" role="status" data-testid="queued">
                {tr_arg("distribution-queued", "count", queued as i64)}
            </div>
        })}
        <h2 class="section-title">{move || tr!("distribution-rules")}</h2>
        {if s.rules.is_empty() {
            view! { <p class="muted card">{move || tr!("distribution-no-rules")}</p> }.into_any()
        } else {
            s.rules.iter().map(|r| view! {
                <RuleForm rule=Some(r.clone()) teams=s.teams.clone() categories=s.categories.clone() reload=reload />
            }).collect_view().into_any()
        }}
        <RuleForm rule=None teams=s.teams.clone() categories=s.categories.clone() reload=reload />
        <h2 class="section-title">{move || tr!("distribution-teams")}</h2>
        <section class="card teams">
            {s.teams.iter().map(|t| view! { <TeamForm team=Some(t.clone()) reload=reload /> }).collect_view()}
            <TeamForm team=None reload=reload />
        </section>
        <h2 class="section-title">{move || tr!("distribution-staff")}</h2>
        <section class="card">
            {if s.staff.is_empty() {
                view! { <p class="muted">{move || tr!("distribution-no-staff")}</p> }.into_any()
            } else {
                view! {
                    <div class="staff-list" role="table" aria-label=tr!("distribution-staff")>
                        <div class="staff-row head" role="row">
                            <span role="columnheader">{tr!("field-name")}</span>
                            <span role="columnheader">{tr!("distribution-team")}</span>
                            <span role="columnheader">{tr!("distribution-load")}</span>
                            <span role="columnheader">{tr!("distribution-max-load")}</span>
                            <span role="columnheader">{tr!("distribution-active")}</span>
                            <span role="columnheader"></span>
                        </div>
                        {s.staff.iter().map(|p| view! { <StaffForm p=p.clone() teams=s.teams.clone() reload=reload /> }).collect_view()}
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// The page's forms' actions by form, owned by the page rather than by the forms: a reload
/// renders every form again, and one form's save must not clear another's error.
#[derive(Clone)]
struct KeptActions {
    owner: Owner,
    actions: StoredValue<HashMap<String, Box<dyn Any + Send + Sync>>>,
}

impl KeptActions {
    fn new() -> Self {
        Self {
            owner: Owner::current().unwrap_or_default(),
            actions: StoredValue::new(HashMap::new()),
        }
    }

    /// The action of the form `key` (created on first use, then the same one).
    fn action<S>(key: String) -> ServerAction<S>
    where
        S: ServerFn + Send + Sync + Clone + 'static,
        S::Output: Send + Sync + 'static,
        S::Error: Send + Sync + 'static,
    {
        let Some(kept) = use_context::<KeptActions>() else {
            return ServerAction::new();
        };
        let found = kept.actions.with_value(|m| {
            m.get(&key)
                .and_then(|a| a.downcast_ref::<ServerAction<S>>())
                .copied()
        });
        found.unwrap_or_else(|| {
            let action = kept.owner.with(ServerAction::<S>::new);
            kept.actions.update_value(|m| {
                m.insert(key, Box::new(action));
            });
            action
        })
    }
}

/// Reloads the page data each time the action succeeds (from now on: a form rendered again
/// over an action that succeeded earlier does not reload once more).
fn reload_on_success<S>(action: ServerAction<S>, reload: RwSignal<u32>)
where
    S: ServerFn<Output = (), Error = AppError> + Send + Sync + Clone + 'static,
{
    let version = action.version();
    Effect::new(move |seen: Option<usize>| {
        let now = version.get();
        if seen.is_some_and(|s| s != now) && action.value().with(|v| matches!(v, Some(Ok(_)))) {
            reload.update(|n| *n += 1);
        }
        now
    });
}

/// The message for one field of an action's validation error.
fn field_error<V>(value: V, field: String) -> impl Fn() -> Option<String> + Send + Sync + 'static
where
    V: With<Value = Option<Result<(), AppError>>> + Copy + Send + Sync + 'static,
{
    move || {
        value.with(|v| match v {
            Some(Err(AppError::Validation { fields })) => fields
                .iter()
                .find(|f| f.field == field)
                .map(|f| field_message(&f.code)),
            _ => None,
        })
    }
}

fn banner<V>(value: V) -> impl Fn() -> Option<String> + Send + Sync + 'static
where
    V: With<Value = Option<Result<(), AppError>>> + Copy + Send + Sync + 'static,
{
    move || {
        value.with(|v| match v {
            Some(Err(AppError::Validation { .. })) => Some(tr!("form-has-errors")),
            Some(Err(e)) => Some(message(e)),
            _ => None,
        })
    }
}

#[component]
fn RuleForm(
    rule: Option<RuleView>,
    teams: Vec<Named>,
    categories: Vec<Named>,
    reload: RwSignal<u32>,
) -> impl IntoView {
    let form = rule
        .as_ref()
        .map_or_else(|| "rule-new".into(), |r| format!("rule-{}", r.id));
    let save = KeptActions::action::<SaveDistributionRule>(form.clone());
    let delete = KeptActions::action::<DeleteDistributionRule>(format!("{form}-delete"));
    reload_on_success(save, reload);
    reload_on_success(delete, reload);
    let plain = move |f: &str| field_error(save.value(), f.to_string());
    let id = rule.as_ref().map(|r| r.id);
    let team = rule.as_ref().map(|r| r.team.id);
    let channel = rule.as_ref().and_then(|r| r.channel.clone());
    let category = rule
        .as_ref()
        .and_then(|r| r.category.as_ref().map(|c| c.id));
    let strategy = rule
        .as_ref()
        .map(|r| r.strategy.clone())
        .unwrap_or_else(|| "weighted".into());
    let on_create = rule.as_ref().is_none_or(|r| r.on_create);
    let members = rule.as_ref().map(|r| r.members.clone()).unwrap_or_default();
    let key = id.map(|i| i.to_string()).unwrap_or_else(|| "new".into());
    let title = match &rule {
        Some(r) => format!(
            "{} · {} · {}",
            r.team.name,
            r.channel
                .as_deref()
                .map(|c| tr_dyn(&format!("channel-{c}")))
                .unwrap_or_else(|| tr!("distribution-any-channel")),
            r.category
                .as_ref()
                .map(|c| c.name.clone())
                .unwrap_or_else(|| tr!("distribution-any-category"))
        ),
        None => tr!("distribution-new-rule"),
    };
    view! {
        <section class="card rule" data-rule=key.clone()>
            <h3>{title}</h3>
            {move || banner(save.value())().map(|m| view! { <div class="alert error" role="alert">{m}</div> })}
            {move || banner(delete.value())().map(|m| view! { <div class="alert error" role="alert">{m}</div> })}
            <ActionForm action=save attr:class="stack" attr:novalidate=true>
                {id.map(|i| view! { <input type="hidden" name="id" value=i.to_string() /> })}
                <div class="grid-4">
                    <label>
                        <span>{move || tr!("distribution-team")}</span>
                        <select name="form[team_id]" required>
                            {team.is_none().then(|| view! { <option value="">"—"</option> })}
                            {teams.iter().map(|t| view! {
                                <option value=t.id.to_string() selected=Some(t.id) == team>{t.name.clone()}</option>
                            }).collect_view()}
                        </select>
                        <span class="field-error">{plain("team_id")}</span>
                    </label>
                    <label>
                        <span>{move || tr!("field-channel")}</span>
                        <select name="form[channel]">
                            <option value="">{move || tr!("distribution-any-channel")}</option>
                            {Channel::ALL.iter().map(|c| view! {
                                <option value=c.as_str() selected=channel.as_deref() == Some(c.as_str())>{tr_dyn(&format!("channel-{}", c.as_str()))}</option>
                            }).collect_view()}
                        </select>
                        <span class="field-error">{plain("channel")}</span>
                    </label>
                    <label>
                        <span>{move || tr!("field-category_id")}</span>
                        <select name="form[category_id]">
                            <option value="">{move || tr!("distribution-any-category")}</option>
                            {categories.iter().map(|c| view! {
                                <option value=c.id.to_string() selected=Some(c.id) == category>{c.name.clone()}</option>
                            }).collect_view()}
                        </select>
                        <span class="field-error">{plain("category_id")}</span>
                    </label>
                    <label>
                        <span>{move || tr!("distribution-strategy")}</span>
                        <select name="form[strategy]">
                            {Strategy::ALL.iter().map(|s| view! {
                                <option value=s.as_str() selected=strategy == s.as_str()>{tr_dyn(&format!("strategy-{}", s.as_str()))}</option>
                            }).collect_view()}
                        </select>
                    </label>
                </div>
                <label class="check">
                    <input type="checkbox" name="form[on_create]" value="on" checked=on_create />
                    <span>{move || tr!("distribution-on-create")}</span>
                </label>
                {(!members.is_empty()).then(|| view! {
                    <table class="weights">
                        <thead>
                            <tr>
                                <th>{tr!("field-name")}</th>
                                <th class="num">{tr!("distribution-load")}</th>
                                <th class="num">{tr!("distribution-weight")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {members.iter().map(|m| {
                                let name = format!("form[weight_{}]", m.user_id);
                                let full = m.load >= m.max_load;
                                let note = if !m.active {
                                    Some(tr!("distribution-inactive"))
                                } else if full {
                                    Some(tr!("distribution-full"))
                                } else {
                                    None
                                };
                                view! {
                                    <tr class:muted=!m.active || full>
                                        <td>{m.name.clone()} {note.map(|n| view! { <span class="tag">{n}</span> })}</td>
                                        <td class="num">{format!("{}/{}", m.load, m.max_load)}</td>
                                        <td class="num">
                                            <input type="number" min="0" max="1000" step="1" name=name.clone()
                                                value=m.weight.to_string() aria-label=format!("{} — {}", tr!("distribution-weight"), m.name) />
                                            <span class="field-error">{plain(&format!("weights.{}", m.user_id))}</span>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                })}
                <div class="actions">
                    <button type="submit" class="btn primary" disabled=move || save.pending().get()>
                        {move || if id.is_some() { tr!("distribution-save") } else { tr!("distribution-add") }}
                    </button>
                </div>
            </ActionForm>
            {id.map(|i| view! {
                <ActionForm action=delete attr:class="inline">
                    <input type="hidden" name="id" value=i.to_string() />
                    <button type="submit" class="btn danger" disabled=move || delete.pending().get()>{move || tr!("distribution-delete")}</button>
                </ActionForm>
            })}
        </section>
    }
}

#[component]
fn StaffForm(p: StaffProfileRow, teams: Vec<Named>, reload: RwSignal<u32>) -> impl IntoView {
    let save = KeptActions::action::<SaveStaff>(format!("staff-{}", p.user_id));
    reload_on_success(save, reload);
    let max_err = field_error(save.value(), "max_load".into());
    let team_err = field_error(save.value(), "team_id".into());
    let failed = banner(save.value());
    view! {
        <ActionForm action=save attr:class="staff-row" attr:role="row" attr:data-user=p.user_id.to_string() attr:novalidate=true>
            <input type="hidden" name="user_id" value=p.user_id.to_string() />
            <span role="cell" class="name">{p.name.clone()}</span>
            <span role="cell">
                <select name="team_id" aria-label=tr!("distribution-team")>
                    <option value="">"—"</option>
                    {teams.iter().map(|t| view! {
                        <option value=t.id.to_string() selected=Some(t.id) == p.team_id>{t.name.clone()}</option>
                    }).collect_view()}
                </select>
                <span class="field-error">{team_err}</span>
            </span>
            <span role="cell" class="num">{format!("{}/{}", p.load, p.max_load)}</span>
            <span role="cell">
                <input type="number" name="max_load" min="0" max="1000" step="1" value=p.max_load.to_string() aria-label=tr!("distribution-max-load") />
                <span class="field-error">{max_err}</span>
            </span>
            <span role="cell">
                <input type="checkbox" name="active" value="on" checked=p.active aria-label=tr!("distribution-active") />
            </span>
            <span role="cell">
                <button type="submit" class="btn" disabled=move || save.pending().get()>{move || tr!("distribution-save")}</button>
                {move || failed().map(|m| view! { <span class="field-error">{m}</span> })}
            </span>
        </ActionForm>
    }
}

#[component]
fn TeamForm(team: Option<Named>, reload: RwSignal<u32>) -> impl IntoView {
    let save = KeptActions::action::<SaveTeam>(
        team.as_ref()
            .map_or_else(|| "team-new".into(), |t| format!("team-{}", t.id)),
    );
    reload_on_success(save, reload);
    let name_err = field_error(save.value(), "name".into());
    let failed = banner(save.value());
    let id = team.as_ref().map(|t| t.id);
    let name = team.map(|t| t.name).unwrap_or_default();
    view! {
        <ActionForm action=save attr:class="team-row" attr:data-team=id.map(|i| i.to_string()).unwrap_or_else(|| "new".into())>
            {id.map(|i| view! { <input type="hidden" name="id" value=i.to_string() /> })}
            <input name="name" value=name maxlength="100" required
                placeholder=move || tr!("distribution-team-new") aria-label=tr!("distribution-team") />
            <button type="submit" class="btn" disabled=move || save.pending().get()>
                {move || if id.is_some() { tr!("distribution-rename") } else { tr!("distribution-team-add") }}
            </button>
            <span class="field-error">{name_err}</span>
            {move || failed().map(|m| view! { <span class="field-error">{m}</span> })}
        </ActionForm>
    }
}
