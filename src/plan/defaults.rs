//! Defaults taken from the seeds: the five phases of the JAEGIS execution
//! orchestration workflow (seed `001`) with their time boxes, activities and
//! deliverables.

use crate::spec::{Id, Phase, PhaseDeliverable};

/// Id of the default phase that receives tasks without a phase.
pub const DEFAULT_EXECUTION_PHASE: &str = "coordination-launch";

fn phase(
    id: &str,
    name: &str,
    time_box: &str,
    activities: &[&str],
    deliverables: &[&str],
) -> Phase {
    Phase {
        id: Id(id.into()),
        name: name.into(),
        time_box: Some(time_box.into()),
        participants: Vec::new(),
        activities: activities.iter().map(|s| s.to_string()).collect(),
        deliverables: deliverables
            .iter()
            .map(|d| PhaseDeliverable {
                name: d.to_string(),
                agent: None,
            })
            .collect(),
        checkpoints: Vec::new(),
    }
}

/// Seed 001's five phases.
pub fn default_phases() -> Vec<Phase> {
    vec![
        phase(
            "initialization",
            "Execution Initialization & Setup",
            "15-20 minutes",
            &[
                "Execution environment preparation",
                "Research activation",
                "Execution plan validation and finalization",
            ],
            &["Execution Coordination Plan"],
        ),
        phase(
            DEFAULT_EXECUTION_PHASE,
            "Multi-Agent Coordination & Launch",
            "20-25 minutes",
            &[
                "Agent coordination and synchronization",
                "Execution launch and initial monitoring",
                "Real-time coordination management",
            ],
            &["Real-Time Monitoring Dashboard"],
        ),
        phase(
            "monitoring",
            "Continuous Monitoring & Adaptive Management",
            "Ongoing",
            &[
                "Real-time progress monitoring",
                "Adaptive execution management",
                "Risk monitoring and mitigation",
            ],
            &["Performance Analysis Report"],
        ),
        phase(
            "quality-assurance",
            "Quality Assurance & Validation",
            "15-20 minutes per checkpoint",
            &[
                "Continuous quality monitoring",
                "Validation and acceptance management",
                "Performance validation and optimization",
            ],
            &["Quality Assurance Report"],
        ),
        phase(
            "completion",
            "Completion & Transition Management",
            "10-15 minutes",
            &[
                "Task completion verification",
                "Knowledge transfer and documentation",
                "Transition and handoff management",
            ],
            &["Lessons Learned Documentation"],
        ),
    ]
}
