// Owns Prune (`docker image prune [-a] [--filter …]`): the CLI's warning, a dry run of exactly the
// options shown (images that go, images the engine keeps and why, space to reclaim), then the
// engine's own answer as the CLI prints it with the space it actually reclaimed.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContractError, PrunePlan, PruneResult } from '../../../../shared/contract';
import { bytesText, sizeText } from '../../ui/format';
import { createdAgo } from '../../i18n/relative-time';
import { filterLines, pruneCommand, shortId } from './edit-model';
import { useApp, useAppStore } from '../../store/use-app';
import { DangerFooter, ErrorAlert } from '../../ui/DangerDialogParts';
import { EditModal } from '../../ui/EditModal';
import { DockerCommand } from '../../ui/DockerCommand';
import { FreedLine } from '../disk/FreedLine';

type Phase = 'confirm' | 'pruning' | 'done';

const PLAN_DEBOUNCE_MS = 250;

export function PruneDialog({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const store = useAppStore();
  const nowMs = useApp((s) => s.images.nowMs);
  const [all, setAll] = useState(false);
  const [filtersText, setFiltersText] = useState('');
  const [plan, setPlan] = useState<PrunePlan | null>(null);
  /** The request the shown plan answers: Prune runs exactly that, never options typed since. */
  const [planKey, setPlanKey] = useState<string | null>(null);
  const [planError, setPlanError] = useState<ContractError | null>(null);
  const [planning, setPlanning] = useState(true);
  const [phase, setPhase] = useState<Phase>('confirm');
  const [result, setResult] = useState<PruneResult | null>(null);
  const [error, setError] = useState<ContractError | null>(null);
  const seq = useRef(0);
  const filtersId = useId();
  const filtersHintId = useId();
  const modeName = useId();

  const filters = filterLines(filtersText);
  const request = { all, filters };
  const key = JSON.stringify(request);

  useEffect(() => {
    if (phase !== 'confirm') return;
    const mine = ++seq.current;
    setPlanning(true);
    const timer = setTimeout(() => {
      void store
        .getState()
        .edit.prunePlan(request)
        .then((r) => {
          if (mine !== seq.current) return;
          setPlanning(false);
          setPlanKey(key);
          if (r.ok) {
            setPlan(r.value);
            setPlanError(null);
          } else {
            setPlan(null);
            setPlanError(r.error);
          }
        });
    }, PLAN_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [key, phase]); // eslint-disable-line react-hooks/exhaustive-deps -- key stands for the request

  const current = !planning && planKey === key && plan !== null;
  const nothing = plan !== null && plan.images.length === 0 && plan.untagged.length === 0;

  const prune = async () => {
    if (!current || !plan || nothing || phase !== 'confirm') return;
    setPhase('pruning');
    const r = await store.getState().edit.prune({ all: plan.all, filters: plan.filters });
    if (r.ok) setResult(r.value);
    else setError(r.error);
    setPhase('done');
  };

  const differs = result !== null && plan !== null && [...result.deleted].sort().join() !== [...plan.deleted].sort().join();

  const footer = (
    <DangerFooter
      done={phase === 'done'}
      status={
        phase === 'done'
          ? result
            ? t('edit.prune.reclaimed', { size: bytesText(result.spaceReclaimed) })
            : ''
          : phase === 'pruning'
            ? t('edit.prune.pruning')
            : planning
              ? t('edit.prune.planning')
              : ''
      }
      confirm={t('edit.prune.confirm')}
      confirmDisabled={!current || nothing || phase === 'pruning'}
    />
  );

  return (
    <EditModal
      title={t('edit.prune.title')}
      className="prune-dialog"
      onClose={onClose}
      onSubmit={() => void prune()}
      busy={phase === 'pruning'}
      footer={footer}
    >
      <DockerCommand command={pruneCommand(plan && phase !== 'confirm' ? plan : request)} />
      {phase === 'confirm' || phase === 'pruning' ? (
        <>
          <fieldset className="edit-options" disabled={phase === 'pruning'}>
            <legend>{t('edit.prune.which')}</legend>
            <label className="checkbox">
              <input type="radio" name={modeName} checked={!all} onChange={() => setAll(false)} />
              <span>{t('edit.prune.dangling')}</span>
            </label>
            <label className="checkbox">
              <input type="radio" name={modeName} checked={all} onChange={() => setAll(true)} />
              <span>{t('edit.prune.all')}</span>
            </label>
          </fieldset>
          <div className="field">
            <label htmlFor={filtersId}>{t('edit.prune.filters')}</label>
            <textarea
              id={filtersId}
              className="text-input mono edit-textarea"
              rows={2}
              value={filtersText}
              spellCheck={false}
              placeholder={'label=com.example.tmp=1\nuntil=24h'}
              aria-describedby={filtersHintId}
              disabled={phase === 'pruning'}
              onChange={(e) => setFiltersText(e.target.value)}
            />
            <p id={filtersHintId} className="hint">
              {t('edit.prune.filtersHint')}
            </p>
          </div>
          {plan && (
            <div className="edit-warning" role="note">
              {/* The CLI's prompt (plan.warning), said in the UI's language; English keeps the CLI's words. */}
              <p className="mono">{t(plan.all ? 'edit.prune.warningAll' : 'edit.prune.warningDangling')}</p>
              <p>{t('edit.prune.irreversibleNote')}</p>
            </div>
          )}
          {planError && <ErrorAlert title={t('edit.prune.planFailed')} error={planError} />}
          {plan && (
            <section aria-label={t('edit.prune.preview')} aria-busy={!current} className={current ? undefined : 'stale-plan'}>
              <div className="edit-summary">
                <span>{t('edit.prune.sumImages', { count: plan.images.length })}</span>
                <span>
                  {t(plan.sizesExact ? 'edit.prune.sumSpace' : 'edit.prune.sumSpaceApprox', { size: bytesText(plan.spaceReclaimed) })}
                </span>
                <span className="badge badge-danger">{t('edit.irreversible')}</span>
              </div>
              {plan.images.length === 0 ? (
                <p className="muted">{t('edit.prune.nothing')}</p>
              ) : (
                <table className="edit-table" aria-label={t('edit.prune.goes')}>
                  <thead>
                    <tr>
                      <th scope="col">{t('edit.prune.colNames')}</th>
                      <th scope="col" className="nowrap">
                        {t('images.columns.id')}
                      </th>
                      <th scope="col" className="nowrap">
                        {t('images.columns.created')}
                      </th>
                      <th scope="col" className="num">
                        {t('images.columns.size')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {plan.images.map((img) => (
                      <tr key={img.id}>
                        <td className="mono">{img.references.length > 0 ? img.references.join(', ') : '<none>:<none>'}</td>
                        <td className="mono nowrap" title={img.id}>
                          {shortId(img.id)}
                        </td>
                        <td className="nowrap">{createdAgo(img.created, nowMs, i18n.resolvedLanguage ?? i18n.language)}</td>
                        <td className="num nowrap">{sizeText(img.size)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {plan.kept.length > 0 && (
                <>
                  <h3 className="edit-subhead">{t('edit.prune.kept', { count: plan.kept.length })}</h3>
                  <ul className="edit-list" aria-label={t('edit.prune.keptList')}>
                    {plan.kept.map((k) => (
                      <li key={k.id} className="edit-item">
                        <div className="edit-item-head">
                          <code className="mono">{k.references.length > 0 ? k.references.join(', ') : '<none>:<none>'}</code>
                          <span className="muted mono">{shortId(k.id)}</span>
                        </div>
                        <p className="mono muted">{k.reason}</p>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </section>
          )}
        </>
      ) : error ? (
        <div role="alert" className="inline-error">
          <strong>{t('edit.prune.failed')}</strong>
          <span className="mono">{error.message}</span>
        </div>
      ) : (
        result && (
          <section aria-label={t('edit.prune.result')}>
            {plan && <FreedLine measure={{ state: 'done', predicted: plan.spaceReclaimed, freed: result.spaceReclaimed }} source="prune" />}
            <pre className="cli-output">{result.text}</pre>
            {differs && <p className="hint">{t('edit.prune.differs')}</p>}
          </section>
        )
      )}
    </EditModal>
  );
}
