// Owns Remove (`docker rmi [-f] [--no-prune] name...`): the plan first (names that go, images
// deleted, space freed, refusals with the container in the way), then the engine's records per
// item as the CLI prints them, a forced retry where force helps, and undo where only names went.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError, RemoveConflict, RemoveItemResult, RemovePlan, RemovePlanItem } from '../../../../shared/contract';
import { bytesText } from '../../ui/format';
import { rmiCommand, shortId } from './edit-model';
import { isRefused, planRemovesNothing } from './remove-plan';
import { useAppStore } from '../../store/use-app';
import { DangerFooter, ErrorAlert } from '../../ui/DangerDialogParts';
import { EditModal } from '../../ui/EditModal';
import { UndoOfferView } from './UndoToast';
import { DockerCommand } from '../../ui/DockerCommand';
import { FreedLine, useFreedMeasure } from '../disk/FreedLine';

type Phase = 'confirm' | 'removing' | 'done';

/** Why the engine refuses, who is in the way, and what force would do. */
export function ConflictExplanation({ conflict, force, onForce }: { conflict: RemoveConflict; force: boolean; onForce?: () => void }) {
  const { t } = useTranslation();
  const container = conflict.containerName ?? (conflict.containerId ? shortId(conflict.containerId) : '?');
  return (
    <div className="edit-conflict-text">
      <p>{t(`edit.conflict.${conflict.kind}`, { container, id: conflict.imageId ?? '' })}</p>
      {conflict.canForce && conflict.forceEffect === 'untag' && <p>{t('edit.conflict.forceUntag', { container })}</p>}
      {conflict.canForce && conflict.forceEffect === 'delete' && <p>{t('edit.conflict.forceDelete')}</p>}
      {!conflict.canForce && conflict.kind !== 'not-found' && <p className="muted">{t('edit.conflict.cannotForce')}</p>}
      {conflict.canForce && !force && onForce && (
        <button type="button" className="button small" onClick={onForce}>
          {t('edit.remove.useForce')}
        </button>
      )}
    </div>
  );
}

function PlanItem({ item, force, onForce }: { item: RemovePlanItem; force: boolean; onForce: () => void }) {
  const { t } = useTranslation();
  const refused = isRefused(item);
  return (
    <li className={`edit-item${refused ? ' refused' : ''}`} aria-label={item.name}>
      <div className="edit-item-head">
        <code className="mono">{item.name}</code>
        {item.imageId && <span className="muted mono">{shortId(item.imageId)}</span>}
        {refused ? (
          <span className="badge badge-danger">{t('edit.remove.refused')}</span>
        ) : item.irreversible ? (
          <span className="badge badge-danger">{t('edit.irreversible')}</span>
        ) : item.undoable ? (
          <span className="badge badge-ok">{t('edit.remove.undoable')}</span>
        ) : null}
      </div>
      {refused ? (
        <div className="edit-conflict" role="note">
          {item.message && <p className="mono">{item.message}</p>}
          {item.conflict && <ConflictExplanation conflict={item.conflict} force={force} onForce={onForce} />}
        </div>
      ) : (
        <dl className="edit-facts">
          {item.untag.length > 0 && (
            <>
              <dt>{t('edit.remove.untags')}</dt>
              <dd>
                {item.untag.map((u) => (
                  <code key={u} className="mono">
                    {u}
                  </code>
                ))}
              </dd>
            </>
          )}
          {item.delete.length > 0 && (
            <>
              <dt>{t('edit.remove.deletes')}</dt>
              <dd>
                {item.delete.map((d) => (
                  <code key={d} className="mono" title={d}>
                    {shortId(d)}
                  </code>
                ))}
              </dd>
            </>
          )}
          {item.layers.length > 0 && (
            <>
              <dt>{t('edit.remove.frees')}</dt>
              <dd>{t('edit.remove.layers', { count: item.layers.length, size: bytesText(item.spaceFreed) })}</dd>
            </>
          )}
        </dl>
      )}
    </li>
  );
}

function PlanSummary({ plan }: { plan: RemovePlan }) {
  const { t } = useTranslation();
  const untags = plan.items.reduce((n, i) => n + i.untag.length, 0);
  const deletes = plan.items.reduce((n, i) => n + i.delete.length, 0);
  const refused = plan.items.filter(isRefused).length;
  return (
    <div className="edit-summary">
      <span>{t('edit.remove.sumUntags', { count: untags })}</span>
      <span>{t('edit.remove.sumDeletes', { count: deletes })}</span>
      <span>{t('edit.remove.sumSpace', { size: bytesText(plan.spaceFreed) })}</span>
      {refused > 0 && <span className="text-danger">{t('edit.remove.sumRefused', { count: refused })}</span>}
      {plan.irreversible ? (
        <span className="badge badge-danger">{t('edit.irreversible')}</span>
      ) : (
        untags > 0 && <span className="badge badge-ok">{t('edit.remove.undoable')}</span>
      )}
    </div>
  );
}

function ResultItem({
  item,
  offerId,
  retrying,
  onRetry,
}: {
  item: RemoveItemResult;
  offerId?: string;
  retrying: boolean;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  return (
    <li className={`edit-item${item.ok ? '' : ' refused'}`} aria-label={item.name}>
      <div className="edit-item-head">
        <code className="mono">{item.name}</code>
        <span className={`badge ${item.ok ? 'badge-ok' : 'badge-danger'}`}>{item.ok ? t('edit.remove.ok') : t('edit.remove.failed')}</span>
      </div>
      {item.lines.length > 0 && <pre className="cli-output">{item.lines.join('\n')}</pre>}
      {!item.ok && <pre className="cli-output cli-error">{item.errorLine ?? item.error?.message}</pre>}
      {item.conflict && (
        <div className="edit-conflict" role="note">
          <ConflictExplanation conflict={item.conflict} force={false} />
          {item.conflict.canForce && (
            <button
              type="button"
              className="button small danger"
              disabled={retrying}
              aria-label={t('edit.remove.forceRetryName', { name: item.name })}
              onClick={onRetry}
            >
              {t('edit.remove.forceRetry')}
            </button>
          )}
        </div>
      )}
      {item.undo && item.undo.references.length === 0 && item.undo.lostDigests.length > 0 && (
        <p className="undo-note">{t('edit.undo.lostDigests', { refs: item.undo.lostDigests.join(', ') })}</p>
      )}
      {offerId && <UndoOfferView offerId={offerId} compact />}
    </li>
  );
}

export function RemoveDialog({ names, onClose }: { names: string[]; onClose: () => void }) {
  const { t } = useTranslation();
  const store = useAppStore();
  const edit = () => store.getState().edit;
  const [force, setForce] = useState(false);
  const [noPrune, setNoPrune] = useState(false);
  const [plan, setPlan] = useState<RemovePlan | null>(null);
  const [planError, setPlanError] = useState<ContractError | null>(null);
  const [planning, setPlanning] = useState(true);
  const [phase, setPhase] = useState<Phase>('confirm');
  const [items, setItems] = useState<RemoveItemResult[]>([]);
  const [offers, setOffers] = useState<(string | undefined)[]>([]);
  const [exitCode, setExitCode] = useState<0 | 1>(0);
  const [error, setError] = useState<ContractError | null>(null);
  const [retrying, setRetrying] = useState<number | null>(null);
  const [retryError, setRetryError] = useState<ContractError | null>(null);
  const planSeq = useRef(0);
  const freed = useFreedMeasure();

  useEffect(() => {
    if (phase !== 'confirm') return;
    const seq = ++planSeq.current;
    setPlanning(true);
    void edit()
      .removePlan({ names, force, noPrune })
      .then((r) => {
        if (seq !== planSeq.current) return;
        setPlanning(false);
        if (r.ok) {
          setPlan(r.value);
          setPlanError(null);
        } else {
          setPlan(null);
          setPlanError(r.error);
        }
      });
  }, [names, force, noPrune, phase]); // eslint-disable-line react-hooks/exhaustive-deps -- a new plan only when its inputs change

  const remove = async () => {
    if (phase !== 'confirm') return;
    setPhase('removing');
    // What the engine really freed, beside what the plan predicted (FreedLine.tsx says how it is measured).
    const { result, offers: ids } = await freed.around(plan?.spaceFreed ?? 0, () => edit().remove({ names, force, noPrune }));
    if (result.ok) {
      setItems(result.value.items);
      setOffers(ids);
      setExitCode(result.value.exitCode);
      setError(null);
    } else {
      setError(result.error);
    }
    setPhase('done');
  };

  const retryForced = async (index: number) => {
    const item = items[index];
    setRetrying(index);
    const { result, offers: ids } = await edit().remove({ names: [item.name], force: true, noPrune });
    setRetrying(null);
    if (!result.ok) {
      setRetryError(result.error);
      return;
    }
    setRetryError(null);
    setItems((xs) => xs.map((x, i) => (i === index ? result.value.items[0] : x)));
    setOffers((xs) => xs.map((x, i) => (i === index ? ids[0] : x)));
  };

  const failed = items.filter((i) => !i.ok).length;
  // Every name refused: confirming would only print the refusals, so the button waits for Force.
  const nothing = !planning && plan !== null && planRemovesNothing(plan);

  const footer = (
    <DangerFooter
      done={phase === 'done'}
      status={
        phase === 'done'
          ? error
            ? ''
            : t('edit.remove.resultSummary', {
                done: t('edit.remove.resultDone', { count: items.length - failed }),
                failed: t('edit.remove.resultFailed', { count: failed }),
                code: exitCode,
              })
          : phase === 'removing'
            ? t('edit.remove.removing')
            : planning
              ? t('edit.remove.planning')
              : nothing
                ? t('edit.remove.nothingToRemove')
                : ''
      }
      confirm={t('edit.remove.confirm')}
      // Confirming means confirming the plan shown: not while it is being redone for new options.
      confirmDisabled={phase === 'removing' || planning || nothing}
    />
  );

  return (
    <EditModal
      title={t('edit.remove.title', { count: names.length })}
      className="remove-dialog"
      onClose={onClose}
      onSubmit={() => void remove()}
      busy={phase === 'removing'}
      footer={footer}
    >
      <DockerCommand command={rmiCommand(names, { force, noPrune })} />
      {phase !== 'done' ? (
        <>
          <fieldset className="edit-options" disabled={phase === 'removing'}>
            <legend className="visually-hidden">{t('edit.options')}</legend>
            <label className="checkbox">
              <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
              <span>{t('edit.remove.force')}</span>
            </label>
            <label className="checkbox">
              <input type="checkbox" checked={noPrune} onChange={(e) => setNoPrune(e.target.checked)} />
              <span>{t('edit.remove.noPrune')}</span>
            </label>
          </fieldset>
          {planError && <ErrorAlert title={t('edit.remove.planFailed')} error={planError} />}
          {plan && (
            <section aria-label={t('edit.remove.plan')} aria-busy={planning} className={planning ? 'stale-plan' : undefined}>
              <PlanSummary plan={plan} />
              <ul className="edit-list">
                {plan.items.map((item, i) => (
                  <PlanItem key={`${item.name}-${i}`} item={item} force={force} onForce={() => setForce(true)} />
                ))}
              </ul>
              <p className="hint edit-note">{t('edit.remove.bestEffort')}</p>
            </section>
          )}
        </>
      ) : error ? (
        <ErrorAlert title={t('edit.remove.failedAll')} error={error} />
      ) : (
        <section aria-label={t('edit.remove.result')}>
          {freed.measure && <FreedLine measure={freed.measure} source="remove" />}
          {retryError && (
            <div role="alert" className="inline-error mono">
              {retryError.message}
            </div>
          )}
          <ul className="edit-list">
            {items.map((item, i) => (
              <ResultItem
                key={`${item.name}-${i}`}
                item={item}
                offerId={offers[i]}
                retrying={retrying === i}
                onRetry={() => void retryForced(i)}
              />
            ))}
          </ul>
        </section>
      )}
    </EditModal>
  );
}
