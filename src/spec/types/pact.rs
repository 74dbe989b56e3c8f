//! Content specific to the PACT action-phase plan (seed `003`). Every prose
//! slot of the template has a generic default a project may override; the
//! reflection is optional and only written after execution.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::text::text_block;

text_block! {
    /// Parallel execution coordination.
    ParallelCoordination {
        /// How agents avoid stepping on each other.
        work_isolation = "Each agent writes only the deliverables of the tasks it leads; supporting agents propose changes to the lead",
        /// Coordination for shared files, databases and services.
        shared_resources = "Shared resources have one owning agent; others request changes through it",
        /// When parallel work streams come together.
        integration_points = "Tasks that depend on tasks of another stream (listed under Parallel Execution Streams)",
        /// Preventing conflicting changes.
        conflict_prevention = "Tasks touching the same deliverable are ordered by depends_on, never run in parallel",
    }
}

text_block! {
    /// Dynamic task reallocation process.
    Reallocation {
        /// How reallocation needs are identified.
        detection = "An agent reports overload or a task overruns its planned duration",
        /// Evaluating alternative assignments.
        assessment = "The lead orchestrator lists agents with the role and free capacity",
        /// How the reassignment is decided.
        negotiation = "The lead orchestrator decides; critical-path tasks take precedence",
        /// Transferring work between agents.
        handover = "The current agent broadcasts its outputs and open items; the new agent acknowledges",
        /// Ensuring a successful transfer.
        validation = "The new agent's first status broadcast confirms the task and its inputs",
    }
}

text_block! {
    /// Emergency types and response.
    Emergency {
        /// One or more agents become unavailable.
        agent_failure = "Reassign its open tasks by the reallocation process; support-tier agents stand in",
        /// Critical shared resources become unavailable.
        resource_failure = "Pause the tasks that need the resource; continue independent streams",
        /// Agents cannot communicate effectively.
        communication_breakdown = "Fall back to the status files in the repository, polled by the lead orchestrator",
        /// Major quality issues are discovered.
        quality_crisis = "Stop dependent tasks, fix at the source, re-run the failed quality gate",
        /// External systems or APIs fail.
        external_dependencies = "Switch to recorded fixtures or stubs and mark the affected deliverables provisional",
        /// How emergencies are detected and communicated.
        alert_system = "Status broadcasts with status \"error\" or \"blocked\" alert the lead orchestrator at once",
        /// Who is notified, in order.
        escalation_chain = "Task lead, then the lead orchestrator, then the project sponsor",
        /// Short-term workarounds.
        temporary_measures = "Freeze the affected deliverables and continue unaffected streams",
        /// Steps to restore normal operation.
        recovery_procedures = "Re-plan, re-run the affected quality gates, resume from the last checkpoint",
        /// Learning from emergencies.
        post_incident_review = "A written review before the next phase starts, feeding the improvement cycle",
    }
}

text_block! {
    /// Continuous validation during execution.
    ContinuousValidation {
        /// Automated checks for code and content standards.
        code_quality_gates = "Linters and formatters run on every change",
        /// Continuous integration testing.
        integration_tests = "The test suite runs on every merge",
        /// Real-time performance validation.
        performance_monitoring = "Benchmarks run on every merge to the main branch",
        /// Ongoing security validation.
        security_scanning = "Dependency and secret scanning on every change",
        /// How agents check their own work.
        self_validation = "Each agent checks its deliverables against the completion criteria before reporting done",
        /// How agents review each other's work.
        peer_review = "Every deliverable is reviewed by one other agent before its quality gate",
        /// Validation across agent boundaries.
        cross_validation = "Integration points are validated by the agents on both sides",
    }
}

text_block! {
    /// Peer review mechanisms.
    PeerReview {
        /// Rules for assigning reviewers.
        automatic_assignment = "A supporting agent of the task reviews it; without one, the lead orchestrator assigns",
        /// Matching reviewers to expertise.
        expertise_matching = "Reviewers share the primary or secondary role of the deliverable's domain",
        /// Distributing review workload.
        workload_balancing = "Open reviews go to the reviewer with the fewest",
        /// How work is submitted for review.
        submission = "The author broadcasts \"completed\" with the deliverable paths",
        /// What reviewers check.
        review_criteria = "The task's quality gates and the completion criteria",
        /// Standardized feedback format.
        feedback_format = "Findings with location, severity and suggested fix",
        /// How feedback is addressed.
        resolution_process = "The author fixes or answers every finding before re-submission",
        /// How final approval is granted.
        approval_mechanism = "The reviewer approves; the quality gate then runs",
    }
}

text_block! {
    /// Integration testing of agent contributions.
    IntegrationTesting {
        /// How work from several agents is merged.
        merge_coordination = "One merge at a time, in execution order",
        /// Testing integrated components.
        integration_validation = "The full test suite runs after each merge",
        /// What to do if integration fails.
        rollback_procedures = "Revert the merge and return the task to its lead",
        /// Ensuring dependencies remain valid.
        dependency_validation = "planforge check runs on every plan change",
    }
}

/// A metric and its target, as prose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetMetric {
    /// Metric name, e.g. `Task Completion Rate`.
    pub name: String,
    /// Target, e.g. `3 tasks per day`.
    pub target: String,
}

/// Execution-phase KPIs. Any group left out shows its standard metrics
/// with their default targets.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PactMetrics {
    /// Individual agent metrics.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub individual: Vec<TargetMetric>,
    /// Coordination metrics.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub coordination: Vec<TargetMetric>,
    /// System-wide metrics.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub system: Vec<TargetMetric>,
}

text_block! {
    /// Bottleneck detection and response.
    Bottlenecks {
        /// Agent receiving too many tasks.
        agent_overload = "Ready tasks queue for one agent while others are idle",
        /// Several agents waiting for the same resource.
        resource_contention = "Two or more agents blocked on one shared resource",
        /// Slow responses affecting coordination.
        communication_delays = "A coordination request still unanswered at the requester's next checkpoint",
        /// Rising error rates or review failures.
        quality_issues = "Two failed reviews in a row for one agent",
        /// Metrics that trigger alerts.
        automated_monitoring = "Queue length per agent and blocked time per task",
        /// How agents report capacity issues.
        agent_self_reporting = "Status broadcasts with status \"blocked\" and the blocking issue",
        /// Identifying degrading performance.
        performance_trend_analysis = "Actual against planned duration per task, at every milestone",
        /// Quick actions to relieve a bottleneck.
        immediate_response = "Reallocate queued tasks to agents with free capacity",
        /// Understanding why it occurred.
        root_cause_analysis = "Trace the blocked tasks to the dependency or resource behind them",
        /// Long-term fixes.
        systematic_resolution = "Change the plan: split tasks, add agents or reorder dependencies",
        /// Avoiding similar bottlenecks.
        prevention_measures = "Record the cause in the improvement cycle and check the next plan against it",
    }
}

text_block! {
    /// Real-time optimization of agent coordination.
    PactOptimization {
        /// Improving task-to-agent matching.
        task_assignment = "Match tasks to agents by primary role first, secondary role second",
        /// Reducing communication overhead.
        communication_patterns = "Batch routine updates; keep direct messages for blockers",
        /// Maximizing efficient resource use.
        resource_utilization = "Move queued work from the busiest agents to idle ones with the role",
        /// Streamlining agent workflows.
        workflow_efficiency = "Remove waits between dependent tasks by pre-staging inputs",
        /// When to trigger optimization.
        performance_degradation = "Schedule variance beyond the timeline tolerance",
        /// Optimizing when agent capacity changes.
        capacity_changes = "An agent joins or leaves the plan",
        /// Adapting to changing requirements.
        requirement_evolution = "A spec change adds, removes or reorders tasks",
    }
}

text_block! {
    /// Real-time risk monitoring.
    RiskMonitoring {
        /// Monitoring agent effectiveness.
        agent_performance = "Actual against planned duration per agent",
        /// Early detection of coordination failures.
        coordination_breakdown = "Missed checkpoints and unanswered requests",
        /// Monitoring for quality degradation.
        quality = "Quality gate pass rate per milestone",
        /// Tracking schedule adherence.
        timeline = "Critical path progress against the planned dates",
    }
}

text_block! {
    /// Risk response strategies.
    RiskResponse {
        /// Preventing risks from materializing.
        preventive_measures = "The mitigation of every risk scored high or critical is scheduled as work",
        /// Quick responses to emerging risks.
        early_intervention = "The risk owner acts at the first sign named in the risk's contingency",
        /// Minimizing impact when a risk occurs.
        damage_control = "Isolate the affected stream and protect the critical path",
        /// Restoring normal operation.
        recovery_procedures = "Follow the contingency plan of the risk, then re-plan",
    }
}

text_block! {
    /// PACT communication protocols.
    PactCommunication {
        /// Format and frequency of status communication.
        status_updates = "The status broadcast JSON, on every state change",
        /// How agents request help or resources.
        request_response = "A direct request naming the task; answered before the requester's next checkpoint",
        /// System-wide announcements and alerts.
        broadcast_announcements = "From the lead orchestrator only, for plan changes and emergencies",
        /// Formal progress reporting.
        progress_reports = "A written report at every milestone",
        /// Grouping related messages.
        batch_communications = "Routine updates are batched until the next checkpoint",
        /// Handling urgent against routine communication.
        priority_queuing = "Blockers and errors first, then critical-path updates, then the rest",
        /// Sharing context efficiently.
        context_compression = "Link to the shared context document instead of repeating it",
        /// Filtering unnecessary communication.
        noise_reduction = "No acknowledgements of routine updates",
    }
}

text_block! {
    /// Continuous quality monitoring.
    ContinuousQuality {
        /// Metrics tracked continuously.
        real_time_metrics = "Quality gate results and review findings per deliverable",
        /// Identifying quality patterns.
        trend_analysis = "Findings per milestone, by agent and by kind",
        /// Early warning for quality issues.
        predictive_alerts = "Two failed reviews for one deliverable raise an alert",
    }
}

text_block! {
    /// Live documentation and execution artifacts.
    ExecutionDocumentation {
        /// Real-time logs of agent activities.
        agent_activity_logs = "The stream of status broadcasts, kept in the repository",
        /// Record of all coordination decisions.
        decision_audit_trail = "Every reallocation and plan change, with its reason",
        /// Auto-updating progress reports.
        progress_documentation = "Task states rendered against this plan",
        /// Real-time quality visualization.
        quality_metrics_dashboard = "Quality gate results per milestone",
        /// Coordination decisions made.
        coordination_decisions_log = "The decision audit trail, summarized per milestone",
        /// Analysis of execution performance.
        performance_analytics = "Planned against actual durations, per task and agent",
        /// Issues encountered and resolved.
        issue_resolution_log = "Every blocker with its cause and resolution",
        /// Optimizations implemented.
        optimization_history = "Each optimization with its trigger and measured effect",
    }
}

/// Reflection after execution; leave it out before execution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reflection {
    /// How effectively the execution phase met its objectives.
    pub effectiveness: String,
    /// Major coordination challenges and how they were resolved.
    pub challenges: String,
    /// How well individual agents performed and collaborated.
    pub agent_performance: String,
    /// Improvements that could enhance future execution phases.
    pub improvements: Vec<String>,
    /// Key insights gained.
    pub lessons: Vec<String>,
    /// Recommendations for similar projects.
    pub recommendations: Vec<String>,
}

fn default_phase_label() -> String {
    "Action - Coordinated Execution".into()
}

fn default_reallocation_triggers() -> Vec<String> {
    [
        "Agent becomes unavailable or overloaded",
        "Task proves more complex than estimated",
        "Dependencies change or become blocked",
        "New urgent requirements emerge",
    ]
    .map(String::from)
    .to_vec()
}

/// PACT action-phase content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Pact {
    /// The current PACT phase label.
    pub current_phase: String,
    /// Parallel execution coordination.
    pub parallel: ParallelCoordination,
    /// What triggers a task reallocation.
    pub reallocation_triggers: Vec<String>,
    /// The reallocation process.
    pub reallocation: Reallocation,
    /// Emergency coordination protocols.
    pub emergency: Emergency,
    /// Continuous validation.
    pub validation: ContinuousValidation,
    /// Peer review mechanisms.
    pub peer_review: PeerReview,
    /// Integration testing.
    pub integration_testing: IntegrationTesting,
    /// Metrics and KPIs.
    pub metrics: PactMetrics,
    /// Bottleneck detection.
    pub bottlenecks: Bottlenecks,
    /// Performance optimization.
    pub optimization: PactOptimization,
    /// Real-time risk monitoring.
    pub risk_monitoring: RiskMonitoring,
    /// Risk response strategies.
    pub risk_response: RiskResponse,
    /// Communication protocols.
    pub communication: PactCommunication,
    /// Continuous quality monitoring.
    pub continuous_quality: ContinuousQuality,
    /// Execution documentation.
    pub documentation: ExecutionDocumentation,
    /// Reflection, written after execution.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reflection: Option<Reflection>,
}

impl Default for Pact {
    fn default() -> Self {
        Pact {
            current_phase: default_phase_label(),
            parallel: Default::default(),
            reallocation_triggers: default_reallocation_triggers(),
            reallocation: Default::default(),
            emergency: Default::default(),
            validation: Default::default(),
            peer_review: Default::default(),
            integration_testing: Default::default(),
            metrics: Default::default(),
            bottlenecks: Default::default(),
            optimization: Default::default(),
            risk_monitoring: Default::default(),
            risk_response: Default::default(),
            communication: Default::default(),
            continuous_quality: Default::default(),
            documentation: Default::default(),
            reflection: None,
        }
    }
}
