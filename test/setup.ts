import { describe, it } from 'vitest';
import { RuleTester } from '../src/engine/rule-tester.js';

RuleTester.describe = describe;
RuleTester.it = it;
