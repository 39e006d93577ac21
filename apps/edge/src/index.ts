export { type EdgeAgentOptions, type LocalData, type PushedEvent, EdgeAgent } from "./edge-agent.js";
export { type CoordinatorClient, createCoordinatorClient } from "./coordinator-client.js";
