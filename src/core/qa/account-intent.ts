/**
 * Questions about *this* account ("what's my balance", "why did my job fail"), for models without
 * tool calling: which read-only tool answers them. How-it-works questions ("is the balance per
 * project", "how do credits work", refunds, top-ups) are documentation questions and never match.
 */
import { fold } from "./text/analyze.js";

/** The asker or their team is the subject. */
const MINE = /\b(my|our|mine|ours|we|i|us|me)\b|\bthis (server|workspace|team|account|org\w*)\b/;

/** Asking how something works, what it means or how to do it: the docs answer these. */
const HOW_IT_WORKS =
  /\b(per|belongs?|mean|means|meaning|refunds?|refunded|top ?up|topping|buy|purchase|convert|conversion|dollars?|usd|expire|expires|uses? up|spend|spent|costs?|charged?|shared?|transfer|move)\b|\bhow (do|does|is|are|can|to|should)\b|\bwhat (is|are) (a|an|the)\b|\bwhy (is|are|does|do) (the|a)\b|\b(can|should|could) (i|we)\b|\bwhat happens\b|\bwhere (do|can|is)\b|\badd(ing)? (credits?|funds|money)\b/;

interface Rule {
  tool: string;
  test(q: string): boolean;
}

const RULES: Rule[] = [
  {
    tool: "get_balance",
    test: (q) => MINE.test(q) && /\b(balance|credits?|funds)\b/.test(q) && !HOW_IT_WORKS.test(q),
  },
  {
    tool: "recent_jobs",
    test: (q) =>
      MINE.test(q) &&
      /\b(jobs?|images?|videos?|requests?|generations?|renders?)\b/.test(q) &&
      /\b(fail\w*|errors?|errored|stuck|status|state|recent|last|latest|running|pending|happened|done|finished)\b/.test(
        q,
      ) &&
      !HOW_IT_WORKS.test(q),
  },
  {
    tool: "live_services",
    test: (q) =>
      /\b(which|what)\b.*\b(services?|models?)\b.*\b(are|is)\b.*\b(live|available|up|running|online)\b/.test(
        q,
      ) && !/\b(when|if|happens|no|kinds?|types?|exist)\b/.test(q),
  },
  {
    tool: "capabilities",
    test: (q) =>
      (MINE.test(q) || /\bhere\b/.test(q)) &&
      /\b(credentials?|keys?|tokens?|families)\b/.test(q) &&
      /\b(set|configured|missing|valid)\b/.test(q) &&
      !HOW_IT_WORKS.test(q) &&
      !/\b(create|make|rotate|leak\w*|where)\b/.test(q),
  },
];

/** The tool that answers a question about this account, or undefined for everything else. */
export function accountIntent(question: string): string | undefined {
  const q = fold(question).replace(/[’']/g, "");
  return RULES.find((r) => r.test(q))?.tool;
}
