// Cross-engine suite: Firefox ESR over WebDriver BiDi (puppeteer-core).
import { describeEngine } from './suite';

describeEngine('firefox');
