export { getBasicStateFromEncoding, getBasicStateFromPorts } from './basic-state-from-ports.js';
export { Encoding } from './encoding.js';
export { generateAllLogicalStates, LogicalState } from './logical-state.js';
export { PORT_LOCATIONS, Port, type PortLocation } from './port.js';
