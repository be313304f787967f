/** The words people read for the codes the data hold: severities, rule statuses, follow-up states. */
import type { RuleStatus } from '../pipeline/check/rule-runner.js';

const SEVERITY: Record<string, string> = { error: '严重', warning: '提示' };

/** error → 严重, warning → 提示. */
export const severityName = (severity: string): string => SEVERITY[severity] ?? severity;

const STATUS: Record<RuleStatus, string> = { pass: '未发现问题', fail: '发现问题', skipped: '未运行' };

export const statusName = (status: RuleStatus): string => STATUS[status] ?? status;

/**
 * A finding's follow_up as a fix-list shows it (contract: 新增 / 未整改 / 整改不实 / 反弹): 未整改 is what
 * the school was told last time, so it reads 上次已通报.
 */
const FOLLOW_UP: Record<string, string> = { 新增: '新增', 未整改: '上次已通报', 整改不实: '整改不实', 反弹: '反弹' };

export const followUpName = (followUp: string | null): string => (followUp ? FOLLOW_UP[followUp] ?? followUp : '');

/** What each follow-up label means, for the note under a fix-list that has them. */
export const FOLLOW_UP_NOTE = '跟踪：新增＝本次新发现；上次已通报＝上次核查已列出、仍未整改；整改不实＝上次报“已整改”，但问题仍在；反弹＝曾经整改消除、本次又出现。';
