#!/usr/bin/env bash
# Sends one heartbeat from the local agent to the ZeptoClaw router, reporting whether the local gateway
# port answers. Run by zeptoclaw-heartbeat.timer, or by hand.
#
# Environment:
#   ZEPTOCLAW_ROUTER_URL    the router's base URL, e.g. https://router.example.com (required)
#   ZEPTOCLAW_ADMIN_TOKEN   the router's admin token (required)
#   ZEPTOCLAW_AGENT_ID      this agent's id (default: the host name)
#   ZEPTOCLAW_GATEWAY_PORT  the local gateway port to probe (default: 18789)
set -euo pipefail
: "${ZEPTOCLAW_ROUTER_URL:?set ZEPTOCLAW_ROUTER_URL}"
: "${ZEPTOCLAW_ADMIN_TOKEN:?set ZEPTOCLAW_ADMIN_TOKEN}"
agent=${ZEPTOCLAW_AGENT_ID:-$(hostname)}
port=${ZEPTOCLAW_GATEWAY_PORT:-18789}

if curl -s -o /dev/null --max-time 3 "http://127.0.0.1:$port/"; then
  gateway=up
else
  gateway=down
fi

body=$(printf '{"agentId":"%s","status":"ok","gatewayStatus":"%s","metadata":{"host":"%s","gatewayPort":%s}}' \
  "$agent" "$gateway" "$(hostname)" "$port")
curl -sS --fail-with-body --max-time 10 -X POST "${ZEPTOCLAW_ROUTER_URL%/}/heartbeat" \
  -H "Authorization: Bearer $ZEPTOCLAW_ADMIN_TOKEN" -H "Content-Type: application/json" -d "$body"
echo
