/** "Continue reading": the article left part-way most recently, with how far it was read; its link returns to that place. */
import { useI18n } from './i18n';
import { linkTo, UnverifiedTag } from './ArticleList';
import type { ArticleRecord } from '../storage/db';

export function ContinueReading({ article, position }: { article: ArticleRecord; position: number }) {
  const i = useI18n();
  const percent = Math.round(position * 100);
  return (
    <section class="continue" aria-labelledby="continue-title">
      <h2 id="continue-title" class="continue__label">
        {i.t.continueReading}
      </h2>
      <a class="continue__link" href={linkTo(article)}>
        <span class="continue__title" lang={article.meta.lang} dir={article.meta.dir}>
          {article.meta.title}
        </span>
        <UnverifiedTag article={article} />
        <span class="continue__percent">{i.t.percentRead(i.n(percent))}</span>
      </a>
      <span class="continue__bar" aria-hidden="true" style={{ inlineSize: `${percent}%` }} />
    </section>
  );
}
