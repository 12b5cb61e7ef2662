export { DEMO_PASSWORD, DemoSeeder } from './demo-seeder.service.js';
export { DEMO_ACCOUNTS, DEMO_TREE, type DemoAccount, type DemoUnit } from './demo-tree.js';
export { DemoModule } from './demo.module.js';
export { DEMO_PLANS, DemoPlansSeeder } from './demo-plans.service.js';
export { DEMO_WORK, DemoWorkSeeder } from './demo-work.service.js';
export { DEMO_REORGANISATION_DAY, demoReorganisation, DemoReorganisationSeeder } from './demo-reorganisation.service.js';
