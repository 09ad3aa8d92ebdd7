-- Why a person rejected a draft (optional, at most 1,000 characters; the inbox app's Reject, issue 18).
ALTER TABLE draft ADD COLUMN decision_reason TEXT;

-- The agent panel's recent events of one instance (GET /v1/agents/{class}/instances/{instance}/events).
CREATE INDEX draft_by_agent ON draft (agent_key, created_at DESC);
CREATE INDEX agent_schedule_by_agent ON agent_schedule (agent_key, created_at DESC);
