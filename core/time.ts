/**
 * The community's calendar for core code. The functions are pure and live in the contract (core/api/calendar.ts)
 * so that the renderer reckons today, months and shelf-life limits exactly as the hub does.
 */
export * from './api/calendar.js';
