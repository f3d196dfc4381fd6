// vitest runs without globals here: RuleTester registers its cases with vitest's describe and it.
import { describe, it } from 'vitest';
import { RuleTester } from '../src/testing/rule-tester.js';

RuleTester.describe = describe;
RuleTester.it = it;
