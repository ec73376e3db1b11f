/** "Continue reading": the article left part-way most recently, with how far it was read; its link returns to that place. */
import site from 'virtual:site-config';
import { useI18n } from './i18n';
import { articleHref } from './use-route';
import type { ArticleRecord } from '../storage/db';

export function ContinueReading({ article, position }: { article: ArticleRecord; position: number }) {
  const i = useI18n();
  const percent = Math.round(position * 100);
  const own = article.publisherId === site.publisher.id;
  return (
    <section class="continue" aria-labelledby="continue-title">
      <h2 id="continue-title" class="continue__label">
        {i.t.continueReading}
      </h2>
      <a class="continue__link" href={articleHref(article.id, own ? undefined : article.publisherId)}>
        <span class="continue__title" lang={article.meta.lang} dir={article.meta.dir}>
          {article.meta.title}
        </span>
        <span class="continue__percent">{i.t.percentRead(i.n(percent))}</span>
      </a>
      <span class="continue__bar" aria-hidden="true" style={{ inlineSize: `${percent}%` }} />
    </section>
  );
}
