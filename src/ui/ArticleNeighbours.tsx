/** At the end of an article: the previous (newer) and next (older) articles of the library, by title. */
import { useI18n } from './i18n';
import { Icon } from './Icon';
import { linkTo, UnverifiedTag } from './ArticleList';
import type { ArticleRecord } from '../storage/db';

function Neighbour({ article, rel }: { article: ArticleRecord; rel: 'prev' | 'next' }) {
  const { t } = useI18n();
  return (
    <a class={`neighbour neighbour--${rel}`} rel={rel} href={linkTo(article)}>
      <span class="neighbour__label">
        {rel === 'prev' && <Icon name="back" />}
        {rel === 'prev' ? t.previousArticle : t.nextArticle}
        {rel === 'next' && <Icon name="forward" />}
      </span>
      <span class="neighbour__title" lang={article.meta.lang} dir={article.meta.dir}>
        {article.meta.title}
      </span>
      <UnverifiedTag article={article} />
    </a>
  );
}

/** `articles` is the library, newest first; `at` is this article's place in it. */
export function ArticleNeighbours({ articles, at }: { articles: ArticleRecord[]; at: number }) {
  const { t } = useI18n();
  const prev = at > 0 ? articles[at - 1] : undefined;
  const next = at >= 0 ? articles[at + 1] : undefined;
  if (!prev && !next) return null;
  return (
    <nav class="neighbours" aria-label={t.moreArticles}>
      {prev && <Neighbour article={prev} rel="prev" />}
      {next && <Neighbour article={next} rel="next" />}
    </nav>
  );
}
