//! The anchors each page offers: item ids on structured pages, heading ids on
//! Markdown pages. Templates must emit exactly these; the built-site link check
//! (tests and `check`) holds them to it.

use super::PageKind;
use crate::model::Site;
use std::collections::BTreeSet;

pub fn for_page(site: &Site, kind: PageKind, lang: &str) -> BTreeSet<String> {
    let mut ids: Vec<String> = Vec::new();
    match kind {
        PageKind::Positioning => {
            if let Some(p) = &site.positioning {
                ids.extend(p.levels.iter().map(|l| &l.id).cloned());
                if let Some(r) = &p.related_plans {
                    ids.extend(r.plans.iter().map(|p| &p.id).cloned());
                    ids.push("related-plans".into());
                }
            }
        }
        PageKind::Ideal => {
            if let Some(i) = &site.ideal {
                ids.extend(i.parts.iter().map(|p| &p.id).cloned());
            }
        }
        PageKind::Mindsets => {
            if let Some(m) = &site.mindsets {
                ids.extend(m.mindsets.iter().map(|m| &m.id).cloned());
            }
        }
        PageKind::Skills => {
            ids.extend(site.skill_list().iter().map(|s| &s.id).cloned());
            ids.push("ranks".into());
        }
        PageKind::Rank(_) => {
            ids.extend(site.pillar_list().iter().map(|p| &p.id).cloned());
            ids.extend(["weights".to_string(), "competencies".to_string()]);
        }
        PageKind::Competencies => {
            ids.extend(site.pillar_list().iter().map(|p| &p.id).cloned());
            ids.push("matrix".into());
        }
        PageKind::Roles => {
            if let Some(r) = &site.roles {
                for group in &r.groups {
                    ids.push(group.id.clone());
                    ids.extend(group.roles.iter().map(|r| &r.id).cloned());
                }
            }
        }
        PageKind::Policies => ids.extend(site.policies.iter().map(|p| p.id.clone())),
        PageKind::Policy(i) => {
            let area = &site.policies[i];
            ids.extend(area.definitions.iter().map(|d| &d.id).cloned());
            ids.extend(area.measures.iter().map(|m| &m.id).cloned());
            if let Some(t) = &area.tiers {
                ids.extend(t.groups.iter().map(|g| &g.id).cloned());
                ids.push("tiers".into());
            }
            ids.push("statement".into());
        }
        PageKind::Survey => {
            if let Some(s) = &site.survey {
                ids.extend(s.breakdowns.iter().map(|b| &b.id).cloned());
            }
        }
        PageKind::Glossary => {
            if let Some(g) = &site.glossary {
                ids.extend(g.terms.iter().map(|t| &t.id).cloned());
            }
        }
        PageKind::Markdown(page) => {
            ids.extend(
                super::page_headings(site, page, lang)
                    .into_iter()
                    .map(|h| h.id),
            );
        }
        PageKind::Home | PageKind::Print | PageKind::Search | PageKind::NotFound => {}
        PageKind::Revisions | PageKind::Revision(_) | PageKind::RevisionDraft => {}
    }
    ids.push("main".into());
    ids.into_iter().collect()
}
