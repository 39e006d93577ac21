export type { ClientUpdate, RoundContext, Strategy } from "./strategy.js";
export { FedAvg, fedAvg } from "./fed-avg.js";
