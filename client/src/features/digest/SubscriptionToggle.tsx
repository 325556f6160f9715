import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors';
import { usePendingValue } from '../../lib/use-pending-value';
import { useToast } from '../../ui/Toast';
import { type DigestSettings, useSubscribe } from './api';

/** "E-mail me this digest every morning": flips at once, says so in a toast, and flips back if the server refuses. */
export function SubscriptionToggle({ workspaceId, settings }: { workspaceId: string; settings: DigestSettings }) {
  const { t } = useTranslation();
  const toast = useToast();
  const subscribe = useSubscribe(workspaceId);
  const [checked, choose, settle] = usePendingValue(settings.subscription.subscribed);
  return (
    <label className="checkbox digest-toggle">
      <input
        type="checkbox"
        checked={checked}
        onChange={(e) => {
          choose(e.target.checked);
          subscribe.mutate(e.target.checked, {
            onSuccess: (next) => toast.success(next.subscription.subscribed ? t('digest.subscription.on') : t('digest.subscription.off')),
            onError: (error) => toast.error(errorMessage(t, error)),
            onSettled: settle,
          });
        }}
      />
      {t('digest.subscription.label')}
    </label>
  );
}
