//! Rendering the iteration documents of a workflow.
//!
//! In: a [`Plan`] with allocated iterations and a [`Renderer`] (per-role
//! prompt templates added). Out: `iterations/README.md` and, per iteration,
//! `iterations/NN-<name>/` with `CONTEXT.md`, `COMPLETION_CRITERIA.md`,
//! `README.md` and `agent-prompts/<agent>-agent-prompt.md`. A spec without
//! `workflow` produces none.

use super::context_iterations::prompt_file;
use super::{
    agent_prompt_context, iteration_context, iteration_plan_context, RenderError, RenderedDoc,
    Renderer,
};
use crate::plan::Plan;

/// Every document of the iterations family.
pub fn render_iteration_docs(
    plan: &Plan,
    renderer: &Renderer,
) -> Result<Vec<RenderedDoc>, RenderError> {
    if plan.spec.workflow.is_none() {
        return Ok(Vec::new());
    }
    let doc = |path: String, kind: &str, content: String| RenderedDoc {
        path,
        kind: kind.into(),
        content,
    };
    let mut docs = vec![doc(
        "iterations/README.md".into(),
        "iteration-plan",
        renderer.render("iteration-plan.md", &iteration_plan_context(plan))?,
    )];
    for it in &plan.iterations {
        let ctx = iteration_context(plan, it);
        for (file, template, kind) in [
            ("CONTEXT.md", "iteration-context.md", "iteration-context"),
            (
                "COMPLETION_CRITERIA.md",
                "iteration-completion-criteria.md",
                "iteration-completion-criteria",
            ),
            ("README.md", "iteration-readme.md", "iteration-readme"),
        ] {
            docs.push(doc(
                format!("{}/{file}", it.dir),
                kind,
                renderer.render(template, &ctx)?,
            ));
        }
        for a in &it.allocations {
            let content = renderer.render_prompt(&a.role, &agent_prompt_context(plan, it, a))?;
            docs.push(doc(
                format!("{}/agent-prompts/{}", it.dir, prompt_file(a)),
                "agent-prompt",
                content,
            ));
        }
    }
    Ok(docs)
}
