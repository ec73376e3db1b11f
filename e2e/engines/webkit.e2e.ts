// Cross-engine suite: WebKitGTK (MiniBrowser) through WebKitWebDriver under Xvfb.
import { describeEngine } from './suite';

describeEngine('webkit');
