export { DEMO_PASSWORD, DemoSeeder } from './demo-seeder.service.js';
export { DEMO_ACCOUNTS, DEMO_TREE, type DemoAccount, type DemoUnit } from './demo-tree.js';
export { DemoModule } from './demo.module.js';
export { DEMO_PLANS, DemoPlansSeeder } from './demo-plans.service.js';
export { DEMO_WORK, DemoWorkSeeder } from './demo-work.service.js';
export { DemoData, type SeededDemo } from './demo-data.service.js';
export { DEMO_MERGES, DEMO_REORGANISATION_DAY, DEMO_SAI_DONG_DAY, demoReorganisation, DemoReorganisationSeeder, demoSaiDongReorganisation } from './demo-reorganisation.service.js';
